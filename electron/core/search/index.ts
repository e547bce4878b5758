export { searchMessages, searchContext } from './search';
export { highlightRanges, makeSnippet, foldText } from './highlight';

/**
 * The Inkbox-compatible demo server: seeded conversations with real media, presigned media
 * URLs, and fault and drift knobs for the sync tests. Pure Node (node:http), no Electron.
 */
export { startDemoServer } from './server';
export type {
  DemoConversationReadResult,
  DemoConversationSummary,
  DemoMedia,
  DemoMediaKind,
  DemoMediaSeed,
  DemoNumber,
  DemoServer,
  DemoServerOptions,
  DemoSize,
  DemoText,
  FaultOptions,
} from './types';

import type { IncomingMessage } from 'node:http';

/** The whole body of a request as UTF-8 text (the fakes' bodies are small JSON documents). */
export async function readRequestText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

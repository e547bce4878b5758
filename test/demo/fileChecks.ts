import { crc32, inflateSync } from 'node:zlib';

/**
 * Independent structural decoders for the demo's media: enough of each format to show a real
 * decoder would accept the bytes (they were also opened with ImageMagick, ffprobe and
 * Ghostscript when the files were made). Each returns a short description or throws.
 */

export function decodePng(bytes: Buffer): { width: number; height: number } {
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('no PNG signature');
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  let ended = false;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colourType = data[9] ?? -1;
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  if (!ended || colourType !== 2) throw new Error('unexpected PNG layout');
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (width * 3 + 1) * height) throw new Error('pixel data does not match the header');
  return { width, height };
}

export function decodeJpeg(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('no SOI');
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) throw new Error('no EOI');
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`marker expected at ${at}`);
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('no frame header');
}

export function decodeWav(bytes: Buffer): { sampleRate: number; seconds: number } {
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not RIFF/WAVE');
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error('RIFF size mismatch');
  if (bytes.toString('latin1', 12, 16) !== 'fmt ' || bytes.readUInt16LE(20) !== 1) throw new Error('not PCM');
  const sampleRate = bytes.readUInt32LE(24);
  const byteRate = bytes.readUInt32LE(28);
  if (bytes.toString('latin1', 36, 40) !== 'data') throw new Error('no data chunk');
  const dataBytes = bytes.readUInt32LE(40);
  if (dataBytes !== bytes.length - 44) throw new Error('data size mismatch');
  return { sampleRate, seconds: dataBytes / byteRate };
}

export function decodeMp4(bytes: Buffer): string[] {
  const boxes: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = bytes.readUInt32BE(at);
    if (size < 8) throw new Error('box too small');
    boxes.push(bytes.toString('latin1', at + 4, at + 8));
    at += size;
  }
  if (at !== bytes.length) throw new Error('boxes do not add up to the file');
  if (boxes[0] !== 'ftyp' || !boxes.includes('moov') || !boxes.includes('mdat')) throw new Error(`unexpected boxes ${boxes.join(',')}`);
  return boxes;
}

export function decodePdf(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-1.') || !text.trimEnd().endsWith('%%EOF')) throw new Error('no PDF header or trailer');
  const startxref = Number(/startxref\s+(\d+)/.exec(text)?.[1]);
  if (!text.startsWith('xref', startxref)) throw new Error('startxref does not point at the xref table');
  const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
  entries.forEach((offset, index) => {
    if (!text.startsWith(`${index + 1} 0 obj`, offset)) throw new Error(`object ${index + 1} is not at ${offset}`);
  });
  return entries.length;
}

export function decodeVcard(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.startsWith('BEGIN:VCARD\r\n') || !text.trimEnd().endsWith('END:VCARD')) throw new Error('not a vCard');
  const name = /^FN:(.+)$/m.exec(text)?.[1];
  if (!name) throw new Error('vCard without FN');
  return name.trim();
}

export function decodeByContentType(contentType: string, bytes: Buffer): unknown {
  switch (contentType) {
    case 'image/png':
      return decodePng(bytes);
    case 'image/jpeg':
      return decodeJpeg(bytes);
    case 'audio/wav':
      return decodeWav(bytes);
    case 'video/mp4':
      return decodeMp4(bytes);
    case 'application/pdf':
      return decodePdf(bytes);
    case 'text/vcard':
      return decodeVcard(bytes);
    default:
      throw new Error(`no decoder for ${contentType}`);
  }
}

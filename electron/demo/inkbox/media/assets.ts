import { encodePng, type Pixel } from './png';
import { chimeSamples, encodeWav } from './wav';
import { buildPdf } from './pdf';
import { cakeJpegBase64, clipMp4Base64, leakJpegBase64 } from './embedded';
import type { DemoMediaKind } from '../types';

/** One media file the demo can attach; texts share these bytes, each under its own S3-style key. */
export interface MediaAsset {
  kind: DemoMediaKind;
  contentType: string;
  bytes: Buffer;
  /** File extension used in the object key, as a real upload would keep it. */
  extension: string;
}

const contentTypes: Record<DemoMediaKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  vcard: 'text/vcard',
  pdf: 'application/pdf',
};

export function contentTypeOf(kind: DemoMediaKind): string {
  return contentTypes[kind];
}

let catalogue: ReadonlyMap<DemoMediaKind, readonly MediaAsset[]> | null = null;

/** Built on first use (a few ms of deflate) and shared by every server in the process. */
export function mediaCatalogue(): ReadonlyMap<DemoMediaKind, readonly MediaAsset[]> {
  catalogue ??= new Map<DemoMediaKind, MediaAsset[]>([
    ['png', pictures().map((bytes) => asset('png', bytes, 'png'))],
    [
      'jpeg',
      [asset('jpeg', Buffer.from(cakeJpegBase64, 'base64'), 'jpg'), asset('jpeg', Buffer.from(leakJpegBase64, 'base64'), 'jpg')],
    ],
    ['wav', [asset('wav', encodeWav(8000, chimeSamples(8000, 1.5)), 'wav')]],
    ['mp4', [asset('mp4', Buffer.from(clipMp4Base64, 'base64'), 'mp4')]],
    ['vcard', contactCards().map((card) => asset('vcard', Buffer.from(card, 'utf8'), 'vcf'))],
    ['pdf', documents().map((bytes) => asset('pdf', bytes, 'pdf'))],
  ]);
  return catalogue;
}

function asset(kind: DemoMediaKind, bytes: Buffer, extension: string): MediaAsset {
  return { kind, contentType: contentTypes[kind], bytes, extension };
}

function pictures(): Buffer[] {
  return [sunset(), paintSwatches(), tiles(), badge(), deliveryMap(), avatar()];
}

/** 320x200: a sunset over hills, the kind of picture customers send for no business reason. */
function sunset(): Buffer {
  return encodePng(320, 200, (x, y) => {
    const hill = 150 + 18 * Math.sin(x / 37) + 10 * Math.sin(x / 13);
    if (y > hill) return [40 + y / 8, 70 + (x % 40) / 4, 45];
    const sun = Math.hypot(x - 220, y - 120);
    if (sun < 28) return [255, 220 - sun, 120];
    const t = y / 200;
    return [250 - 60 * t, 120 + 60 * t - sun / 10, 90 + 100 * t];
  });
}

/** 240x160: six paint colours to choose from, as a painter would text them. */
function paintSwatches(): Buffer {
  const colours: Pixel[] = [
    [224, 122, 95],
    [61, 64, 91],
    [129, 178, 154],
    [242, 204, 143],
    [244, 241, 222],
    [38, 70, 83],
  ];
  return encodePng(240, 160, (x, y) => {
    const column = Math.floor(x / 80);
    const row = Math.floor(y / 80);
    const inner = x % 80 > 6 && x % 80 < 74 && y % 80 > 6 && y % 80 < 74;
    return inner ? (colours[row * 3 + column] ?? [0, 0, 0]) : [250, 250, 250];
  });
}

/** 200x200: floor tiles with grout and a little shading, for a repair quote. */
function tiles(): Buffer {
  return encodePng(200, 200, (x, y) => {
    const grout = x % 40 < 3 || y % 40 < 3;
    if (grout) return [190, 185, 175];
    const dark = (Math.floor(x / 40) + Math.floor(y / 40)) % 2 === 0;
    const shade = ((x % 40) + (y % 40)) / 4;
    return dark ? [70 + shade, 90 + shade, 110 + shade] : [225 - shade, 220 - shade, 210 - shade];
  });
}

/** 128x128: concentric rings, a shop's logo. */
function badge(): Buffer {
  return encodePng(128, 128, (x, y) => {
    const r = Math.hypot(x - 64, y - 64);
    if (r > 62) return [255, 255, 255];
    const ring = Math.floor(r / 10) % 2 === 0;
    return ring ? [200, 60 + r, 90] : [250, 235, 215];
  });
}

/** 256x192: a street grid with a red pin, the delivery address. */
function deliveryMap(): Buffer {
  return encodePng(256, 192, (x, y) => {
    const pin = Math.hypot(x - 150, y - 80);
    if (pin < 12 || (Math.abs(x - 150) < 12 - (y - 80) / 2 && y > 80 && y < 104)) return [220, 40, 40];
    const street = x % 48 < 6 || y % 48 < 6;
    const avenue = Math.abs(x - y * 1.3 - 20) < 5;
    if (street || avenue) return [255, 255, 255];
    const park = x > 10 && x < 90 && y > 110 && y < 180;
    return park ? [170, 215, 160] : [232, 228, 218];
  });
}

/** 64x64: a smiling face, the smallest picture. */
function avatar(): Buffer {
  return encodePng(64, 64, (x, y) => {
    const face = Math.hypot(x - 32, y - 32);
    const eye = Math.min(Math.hypot(x - 22, y - 25), Math.hypot(x - 42, y - 25));
    const smile = Math.abs(Math.hypot(x - 32, y - 30) - 16) < 2 && y > 36;
    if (eye < 4 || smile) return [60, 40, 30];
    if (face < 28) return [255, 205, 80];
    return [120, 180, 230];
  });
}

function contactCards(): string[] {
  const card = (lines: string[]): string => `${['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n')}\r\n`;
  return [
    card([
      'N:Ramírez;Lucía;;;',
      'FN:Lucía Ramírez',
      'ORG:Ramírez Plumbing & Heating',
      'TEL;TYPE=CELL:+15125550187',
      'EMAIL:lucia@example.com',
      'NOTE:Plumber my sister used — very good, tell her I sent you',
    ]),
    card(['N:Müller;Jürgen;;;', 'FN:Jürgen Müller', 'TEL;TYPE=WORK:+4915112345678', 'ADR;TYPE=WORK:;;Hauptstraße 5;München;;80331;Germany']),
  ];
}

function documents(): Buffer[] {
  return [
    buildPdf('Invoice #20417', [
      'Petal & Crumb Bakery, 1420 Alder St',
      'Bill to: Sarah Mitchell',
      '',
      ['1 x Custom birthday cake (8 in, vanilla)', '$68.00'],
      ['1 x Dozen almond croissants', '$42.00'],
      ['Delivery', '$12.00'],
      '',
      ['Total due', '$122.00'],
      'Thank you for your order!',
    ]),
    buildPdf('Estimate E-1183', [
      'Keystone Home Repair, 5 Industrial Pkwy, Unit B',
      'Kitchen sink: replace P-trap and supply lines',
      '',
      ['Parts', '$86.40'],
      ['Labor (2 h)', '$190.00'],
      '',
      ['Estimate total', '$276.40'],
      'Valid for 30 days. Reply YES to schedule.',
    ]),
  ];
}

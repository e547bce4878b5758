/**
 * A one-page PDF (an invoice or quote) built by hand with a correct cross-reference table, so
 * PDF readers open it without repair. Text is limited to ASCII: the standard Helvetica font
 * has no embedded glyphs for anything else.
 */

/** A line of text, or a label with an amount set flush in a right-hand column. */
export type PdfRow = string | readonly [label: string, amount: string];

export function buildPdf(title: string, rows: readonly PdfRow[]): Buffer {
  const escape = (text: string): string => text.replace(/[\\()]/g, (ch) => `\\${ch}`).replace(/[^\x20-\x7e]/g, '?');
  const at = (x: number, y: number, text: string): string => `1 0 0 1 ${x} ${y} Tm (${escape(text)}) Tj`;
  const content = [
    'BT',
    '/F1 20 Tf',
    at(72, 720, title),
    '/F1 12 Tf',
    ...rows.flatMap((row, index) => {
      const y = 684 - index * 20;
      return typeof row === 'string' ? [at(72, y, row)] : [at(72, y, row[0]), at(460, y, row[1])];
    }),
    'ET',
  ].join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

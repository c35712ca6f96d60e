import { create, type QrSymbol } from "qrcode/lib/core/qrcode.js";

/**
 * QR codes of credentials, as SVG or PNG. The symbol comes from `qrcode`'s encoder core; the two image formats are
 * written here (a few lines each) so that nothing runtime-specific is needed: the PNG is deflated with the web
 * platform's CompressionStream, which Node and Workers both have.
 */

/** Error correction M (~15% of the symbol may be damaged): a printed label survives scuffs and a phone's glare. */
const LEVEL = "M";
/** Light modules around the symbol, as ISO/IEC 18004 requires for a reader to find it. */
const QUIET = 4;

/** The symbol for a text, or undefined when it is too long for the largest QR code (version 40) at level M. */
export function qrSymbol(text: string): QrSymbol | undefined {
  try {
    return create(text, { errorCorrectionLevel: LEVEL });
  } catch {
    // The encoder throws "The amount of data is too big to be stored in a QR Code".
    return undefined;
  }
}

/** An SVG of the symbol: one path of dark squares on a white ground, in module units (it scales when printed). */
export function qrSvg(symbol: QrSymbol, title: string): string {
  const { size } = symbol.modules;
  const extent = size + 2 * QUIET;
  let path = "";
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!symbol.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && symbol.modules.get(row, col)) col++;
      path += `M${start + QUIET} ${row + QUIET}h${col - start}v1h${start - col}z`;
    }
  }
  const escaped = title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges" ` +
    `role="img" aria-label="${escaped}"><title>${escaped}</title>` +
    `<rect width="${extent}" height="${extent}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

/** A 1-bit greyscale PNG of the symbol, `scale` pixels a module. */
export async function qrPng(symbol: QrSymbol, scale = 4): Promise<Uint8Array> {
  const { size } = symbol.modules;
  const width = (size + 2 * QUIET) * scale;
  const stride = Math.ceil(width / 8);
  const raw = new Uint8Array((stride + 1) * width).fill(0xff);
  for (let y = 0; y < width; y++) {
    raw[y * (stride + 1)] = 0; // filter type: none
    const row = Math.floor(y / scale) - QUIET;
    if (row < 0 || row >= size) continue;
    for (let x = 0; x < width; x++) {
      const col = Math.floor(x / scale) - QUIET;
      if (col < 0 || col >= size || !symbol.modules.get(row, col)) continue;
      const at = y * (stride + 1) + 1 + (x >> 3);
      raw[at] = (raw[at] as number) & ~(0x80 >> (x & 7)); // 0 = black
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, width);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter method variants, no interlace
  const idat = await deflate(raw);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array()),
  ]);
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

import { inflateSync } from "node:zlib";
import jsQRModule from "jsqr";

/**
 * Reads a QR code out of a PNG the way a phone would have to: decode the image to pixels, then find and read the
 * symbol with jsQR — a decoder independent of the `qrcode` encoder the service uses. The PNG reader covers what a
 * greyscale image needs (bit depths 1 and 8, filter types none, sub, up); anything else is an error, not a guess.
 */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as typeof jsQRModule;

export function decodeQrPng(png: Uint8Array): string | undefined {
  const { width, height, grey } = readGreyPng(png);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = grey[i] as number;
    rgba.set([v, v, v, 255], i * 4);
  }
  return jsQR(rgba, width, height)?.data;
}

export function readGreyPng(png: Uint8Array): { width: number; height: number; grey: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      depth = data[8] as number;
      if (data[9] !== 0) throw new Error(`colour type ${data[9]} is not greyscale`);
    } else if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil((width * depth) / 8);
  const grey = new Uint8Array(width * height);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    const bpp = Math.max(1, depth / 8);
    for (let i = 0; i < stride; i++) {
      if (filter === 1) line[i] = ((line[i] as number) + (i >= bpp ? (line[i - bpp] as number) : 0)) & 0xff;
      else if (filter === 2) line[i] = ((line[i] as number) + (previous[i] as number)) & 0xff;
      else if (filter !== 0) throw new Error(`PNG filter ${filter} is not read here`);
    }
    for (let x = 0; x < width; x++) {
      grey[y * width + x] =
        depth === 8 ? (line[x] as number) : ((line[x >> 3] as number) >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    previous = line;
  }
  return { width, height, grey };
}

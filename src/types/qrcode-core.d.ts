/**
 * The one module of `qrcode` the service uses: the encoder core (pure JavaScript, no Node built-ins), so the same code
 * runs on Workers. The package's entry would also pull in its PNG writer (pngjs, Node streams and zlib) and its CLI.
 */
declare module "qrcode/lib/core/qrcode.js" {
  export interface QrSymbol {
    version: number;
    errorCorrectionLevel: { bit: number };
    modules: { size: number; get(row: number, col: number): number | boolean };
  }
  export function create(text: string, options: { errorCorrectionLevel: "L" | "M" | "Q" | "H" }): QrSymbol;
}

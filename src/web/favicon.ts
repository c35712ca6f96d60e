/**
 * The site's icon: a bridge (架け橋) over a tile, as SVG (a few hundred bytes, sharp at any size). Pages and the API
 * docs link it; `/favicon.ico` answers the same bytes for browsers and tools that ask there without reading a link,
 * with the SVG media type, which browsers go by rather than the name.
 */
export const FAVICON_PATHS = ["/favicon.svg", "/favicon.ico"] as const;
export const FAVICON_TYPE = "image/svg+xml";

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#0b57a4"/>' +
  '<path d="M4 21q12-14 24 0" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/>' +
  '<path d="M3 21h26M10 21v-5.5M16 21v-8M22 21v-5.5" stroke="#fff" stroke-width="2" stroke-linecap="round"/>' +
  "</svg>";

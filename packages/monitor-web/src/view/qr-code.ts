/**
 * A QR code as inline SVG, drawn from the `qrcode` package's module matrix (QRCode.create, synchronous): one
 * path of dark squares, attributes only, so the page's Content-Security-Policy (no inline styles) allows it and no
 * image or canvas is involved. The encoding (versions, masks, error correction) is qrcode's: well tested and not
 * worth writing by hand.
 */
import { svg } from "lit-html";
import { create } from "qrcode";

/** Quiet zone around the code, in modules (the standard asks for 4). */
const QUIET = 4;

export function qrCodeSvg(text: string, label: string) {
  const { size, data } = create(text, { errorCorrectionLevel: "M" }).modules;
  let path = "";
  for (let row = 0; row < size; row += 1)
    for (let column = 0; column < size; column += 1)
      if (data[row * size + column]) path += `M${column + QUIET} ${row + QUIET}h1v1h-1z`;
  const extent = size + 2 * QUIET;
  return svg`<svg
    class="qr-code"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 ${extent} ${extent}"
    shape-rendering="crispEdges"
    role="img"
    aria-label=${label}
  ><rect width=${extent} height=${extent} fill="#ffffff"></rect><path d=${path} fill="#000000"></path></svg>`;
}

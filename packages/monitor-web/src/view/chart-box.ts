/** A chart's canvas in a box sized for its bars. */
import { html, noChange } from "lit-html";
import { Directive, directive, type ElementPart, type PartInfo, PartType } from "lit-html/directive.js";
import { ref, type Ref } from "lit-html/directives/ref.js";

/**
 * Sets an element's height through the CSSOM (`element.style.height`), which a `style-src 'self'` policy allows.
 * lit-html's own styleMap writes a style attribute on its first render, which that policy refuses.
 */
class CssHeight extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error("cssHeight belongs on an element");
  }
  render(_pixels: number) {
    return noChange;
  }
  override update(part: ElementPart, [pixels]: [number]) {
    (part.element as HTMLElement).style.height = `${pixels}px`;
    return noChange;
  }
}
const cssHeight = directive(CssHeight);

/** The slot draws on the canvas once it is in the page. */
export function chartBox(label: string, height: number, slot: { readonly canvas: Ref<HTMLCanvasElement> }) {
  return html`<div class="chart-box" ${cssHeight(height)}>
    <canvas role="img" aria-label=${label} ${ref(slot.canvas)}></canvas>
  </div>`;
}

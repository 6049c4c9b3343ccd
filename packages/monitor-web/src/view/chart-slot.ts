/**
 * The life of one chart on the page. A section's template puts `ref(slot.canvas)` on its canvas; after every
 * render the view calls `sync` with what the chart should show. A canvas that stayed in the page keeps its chart,
 * which is given the new figures only when they changed; a canvas that is new gets a new chart; a canvas gone from
 * the page (sign-out, an empty period) takes its chart with it. Runs after the render, when the canvas is in the
 * document and can be measured.
 */
import { createRef, type Ref } from "lit-html/directives/ref.js";
import type { BarChartConfig, ChartDrawer } from "../charts.js";

export class ChartSlot<Input extends object> {
  readonly canvas: Ref<HTMLCanvasElement> = createRef();
  private drawn: { canvas: HTMLCanvasElement; chart: unknown; input: Input } | undefined;

  constructor(
    private readonly drawer: ChartDrawer,
    private readonly configure: (input: Input) => BarChartConfig,
  ) {}

  /** `input` undefined: the section is not shown. */
  sync(input: Input | undefined): void {
    const canvas = this.canvas.value?.isConnected ? this.canvas.value : undefined;
    if (this.drawn && (canvas !== this.drawn.canvas || input === undefined)) {
      this.drawer.destroy(this.drawn.chart);
      this.drawn = undefined;
    }
    if (!canvas || input === undefined) return;
    if (!this.drawn) {
      this.drawn = { canvas, chart: this.drawer.create(canvas, this.configure(input)), input };
    } else if (!sameFields(this.drawn.input, input)) {
      this.drawer.update(this.drawn.chart, this.configure(input));
      this.drawn.input = input;
    }
  }
}

/** Inputs are small records of the report's own arrays and the language: equal when each field is the same value. */
function sameFields(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.is(left[key], right[key]));
}

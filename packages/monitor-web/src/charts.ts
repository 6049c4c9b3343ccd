/**
 * The two bar charts' configurations, and the drawer that puts them on a canvas with Chart.js (only the
 * pieces they use registered, tree-shaken). Bar lengths are integers (units, cents); every amount a person
 * reads (tooltips, axis ticks) is formatted from the exact decimal text, never from a float.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  Legend,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { CourierFigures, ProductFigures } from "./api.js";
import { centsToDecimal, formatCount, formatMoney } from "./format.js";
import { t, type Language } from "./i18n.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colours with at least 3:1 contrast against the white cards (WCAG 1.4.11 for graphics). */
const UNITS_COLOUR = "#1d4f91";
const MONEY_COLOUR = "#a14a00";
const TEXT_COLOUR = "#1f2933";
const GRID_COLOUR = "#d5dbe3";

Chart.defaults.color = TEXT_COLOUR;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.borderColor = GRID_COLOUR;

/** Room for the axes (and legend) plus one bar, or one pair of bars, per row, so lists stay readable on a phone. */
export function chartHeight(bars: number, perBar: number, axes: number): number {
  return axes + Math.max(2, bars) * perBar;
}

const shorten = (label: string) => (label.length > 22 ? `${label.slice(0, 21)}…` : label);

export type BarChartConfig = ChartConfiguration<"bar">;

export function productsChartConfig(products: readonly ProductFigures[], language: Language): BarChartConfig {
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: {
      labels: products.map((p) => shorten(p.productName)),
      datasets: [
        {
          label: t(language, "units"),
          data: products.map((p) => p.units),
          backgroundColor: UNITS_COLOUR,
          borderRadius: 3,
          maxBarThickness: 26,
        },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => products[items[0]?.dataIndex ?? 0]?.productName ?? "",
            label: (item) => {
              const p = products[item.dataIndex];
              return p
                ? `${t(language, "units")}: ${formatCount(p.units, language)} · ${t(language, "money")}: ${formatMoney(p.revenue, language)}`
                : "";
            },
          },
        },
      },
      scales: {
        x: {
          beginAtZero: true,
          ticks: { precision: 0, maxRotation: 0, callback: (value) => formatCount(Number(value), language) },
          title: { display: true, text: t(language, "units") },
        },
        y: { ticks: { autoSkip: false } },
      },
    },
  };
  return config;
}

export function couriersChartConfig(couriers: readonly CourierFigures[], language: Language): BarChartConfig {
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: {
      labels: couriers.map((c) => shorten(c.courierName)),
      datasets: [
        {
          label: t(language, "money"),
          data: couriers.map((c) => c.revenueCents),
          backgroundColor: MONEY_COLOUR,
          xAxisID: "money",
          borderRadius: 3,
          maxBarThickness: 18,
        },
        {
          label: t(language, "products"),
          data: couriers.map((c) => c.productsDelivered),
          backgroundColor: UNITS_COLOUR,
          xAxisID: "products",
          borderRadius: 3,
          maxBarThickness: 18,
        },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            title: (items) => couriers[items[0]?.dataIndex ?? 0]?.courierName ?? "",
            label: (item) => {
              const c = couriers[item.dataIndex];
              if (!c) return "";
              return item.datasetIndex === 0
                ? `${t(language, "money")}: ${formatMoney(c.revenue, language)}`
                : `${t(language, "products")}: ${formatCount(c.productsDelivered, language)}`;
            },
          },
        },
      },
      scales: {
        money: {
          type: "linear",
          position: "bottom",
          beginAtZero: true,
          ticks: {
            maxTicksLimit: 4,
            maxRotation: 0,
            callback: (value) =>
              Number.isSafeInteger(Number(value))
                ? formatMoney(centsToDecimal(Number(value)), language).replace(/[.,]00$/, "")
                : "",
          },
          title: { display: true, text: t(language, "money"), color: MONEY_COLOUR },
        },
        products: {
          type: "linear",
          position: "top",
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: {
            precision: 0,
            maxTicksLimit: 5,
            maxRotation: 0,
            callback: (value) => formatCount(Number(value), language),
          },
          title: { display: true, text: t(language, "products"), color: UNITS_COLOUR },
        },
        y: { ticks: { autoSkip: false } },
      },
    },
  };
  return config;
}

/** What the view needs of a chart library: draw a chart on a canvas, give it new figures, take it away. */
export interface ChartDrawer<Handle = unknown> {
  create(canvas: HTMLCanvasElement, config: BarChartConfig): Handle;
  update(chart: Handle, config: BarChartConfig): void;
  destroy(chart: Handle): void;
}

/**
 * Chart.js. An update replaces the chart's data and options (new figures, or the other language's labels and
 * tooltips) and redraws without animation, on the same canvas: no flicker, no new canvas for screen readers.
 */
export const chartJs: ChartDrawer<Chart<"bar">> = {
  create: (canvas, config) => new Chart(canvas, config),
  update: (chart, config) => {
    chart.data = config.data;
    if (config.options) chart.options = config.options;
    chart.update("none");
  },
  destroy: (chart) => chart.destroy(),
};

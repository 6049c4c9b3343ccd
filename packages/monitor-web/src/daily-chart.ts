/**
 * The last 30 days as a Chart.js bar chart: per day, the orders (left axis) and the money (right axis, bars in cents,
 * every amount a person reads formatted from the exact decimal text). Uses the pieces charts.ts registers.
 */
import type { ChartConfiguration } from "chart.js";
import type { BarChartConfig } from "./charts.js";
import { centsToDecimal, formatCount, formatDay, formatMoney } from "./format.js";
import { t, type Language } from "./i18n.js";
import type { DailyFigures } from "./ledger-api.js";

/** The same colours as the other charts: orders as units, money as money (3:1 against the cards). */
const ORDERS_COLOUR = "#1d4f91";
const MONEY_COLOUR = "#a14a00";

export function dailyChartConfig(days: readonly DailyFigures[], language: Language): BarChartConfig {
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: {
      labels: days.map((day) => formatDay(day.day, language, true)),
      datasets: [
        {
          label: t(language, "orders"),
          data: days.map((day) => day.orders),
          backgroundColor: ORDERS_COLOUR,
          yAxisID: "orders",
          borderRadius: 2,
          maxBarThickness: 14,
        },
        {
          label: t(language, "money"),
          data: days.map((day) => day.revenueCents),
          backgroundColor: MONEY_COLOUR,
          yAxisID: "money",
          borderRadius: 2,
          maxBarThickness: 14,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            title: (items) => formatDay(days[items[0]?.dataIndex ?? 0]?.day ?? "", language),
            label: (item) => {
              const day = days[item.dataIndex];
              if (!day) return "";
              return item.datasetIndex === 0
                ? `${t(language, "orders")}: ${formatCount(day.orders, language)}`
                : `${t(language, "money")}: ${formatMoney(day.revenue, language)}`;
            },
          },
        },
      },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        orders: {
          type: "linear",
          position: "left",
          beginAtZero: true,
          ticks: { precision: 0, maxTicksLimit: 5, callback: (value) => formatCount(Number(value), language) },
          title: { display: true, text: t(language, "orders"), color: ORDERS_COLOUR },
        },
        money: {
          type: "linear",
          position: "right",
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: {
            maxTicksLimit: 5,
            callback: (value) =>
              Number.isSafeInteger(Number(value))
                ? formatMoney(centsToDecimal(Number(value)), language).replace(/[.,]00$/, "")
                : "",
          },
          title: { display: true, text: t(language, "money"), color: MONEY_COLOUR },
        },
      },
    },
  };
  return config;
}

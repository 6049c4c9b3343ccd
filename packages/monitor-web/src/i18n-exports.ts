/** The words of the orders page's export; merged into i18n.ts. */

export const exportsEs = {
  exportTitle: "Exportar para contabilidad",
  exportIntro:
    "Todos los pedidos de los días elegidos (sin filtro de repartidor ni de producto), una fila por producto de cada pedido, en un archivo que Excel abre con tildes y números. Hasta 366 días.",
  exportFormat: "Formato",
  exportCsv: "CSV",
  exportXlsx: "Excel (XLSX)",
  exportButton: "Exportar",
  exportAsking: "Pidiendo el archivo…",
  exportPending: "En cola… ({seconds} s)",
  exportRunning: "Preparando el archivo… ({seconds} s)",
  exportReady: "Listo: {rows} filas.",
  exportDownload: "Descargar el archivo {format}",
  exportExpires: "El enlace deja de funcionar a las {time} ({zone}); después, exporta de nuevo.",
  exportDays: "Elige el día «desde» y el día «hasta».",
  exportTooLong: "Una exportación cubre como máximo 366 días.",
  exportFailed: "No se pudo preparar el archivo. Inténtalo de nuevo.",
  exportTooSlow: "El archivo tarda demasiado; inténtalo de nuevo en unos minutos.",
  exportUnreachable: "No hay conexión con el servidor; no se pudo exportar. Inténtalo de nuevo.",
  exportRefused: "El servidor no aceptó la exportación: {message}",
} as const;

export const exportsEn: Record<keyof typeof exportsEs, string> = {
  exportTitle: "Export for accounting",
  exportIntro:
    "Every order of the chosen days (no courier or product filter), one row per product of each order, in a file Excel opens with accents and numbers. Up to 366 days.",
  exportFormat: "Format",
  exportCsv: "CSV",
  exportXlsx: "Excel (XLSX)",
  exportButton: "Export",
  exportAsking: "Asking for the file…",
  exportPending: "Queued… ({seconds} s)",
  exportRunning: "Preparing the file… ({seconds} s)",
  exportReady: "Ready: {rows} rows.",
  exportDownload: "Download the {format} file",
  exportExpires: "The link stops working at {time} ({zone}); after that, export again.",
  exportDays: "Choose the “from” and the “to” day.",
  exportTooLong: "An export covers 366 days at most.",
  exportFailed: "The file could not be prepared. Try again.",
  exportTooSlow: "The file is taking too long; try again in a few minutes.",
  exportUnreachable: "No connection to the server; nothing was exported. Try again.",
  exportRefused: "The server did not accept the export: {message}",
};

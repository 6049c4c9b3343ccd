/** The page's words, Spanish first (the supervisors' language) and English on request. */
export type Language = "es" | "en";

const es = {
  appTitle: "Monitor de entregas",
  company: "Cargo Express",
  loading: "Cargando…",
  signInTitle: "Iniciar sesión",
  username: "Usuario",
  password: "Contraseña",
  signIn: "Entrar",
  signingIn: "Entrando…",
  signOut: "Cerrar sesión",
  signedInAs: "Sesión de {user}",
  switchLanguage: "English",
  switchLanguageLabel: "Switch to English",
  wrongCredentials: "Usuario o contraseña incorrectos. Revísalos e inténtalo de nuevo.",
  unknownUser: "No existe un usuario con ese nombre.",
  notSupervisor:
    "Tu usuario no pertenece al grupo de supervisores, así que no puede ver el monitor. Pide acceso a un administrador.",
  sessionExpired: "Tu sesión expiró. Inicia sesión de nuevo.",
  signedOut: "Cerraste la sesión.",
  newPasswordRequired:
    "Este usuario debe fijar una contraseña nueva antes de entrar. Pide a un administrador que la fije.",
  signInUnreachable: "No se pudo contactar el servicio de inicio de sesión. Revisa tu conexión e inténtalo de nuevo.",
  signInFailed: "No se pudo iniciar sesión: {detail}",
  tooManyAttempts: "Demasiados intentos. Espera un momento e inténtalo de nuevo.",
  missingFields: "Escribe tu usuario y tu contraseña.",
  configUnavailable:
    "No se pudo cargar la configuración de la aplicación (/config.json). Recarga la página en unos segundos.",
  apiUnreachable:
    "No hay conexión con el servidor. Los datos mostrados pueden estar desactualizados; reintentando cada pocos segundos…",
  apiError: "El servidor respondió con un error ({status}). Reintentando…",
  waitingForData: "Conectando con el servidor…",
  updatedAgo: "Actualizado hace {seconds} s",
  neverUpdated: "Aún sin datos",
  period: "Periodo",
  periodToday: "Hoy",
  period7d: "Últimos 7 días",
  periodAll: "Todo",
  periodRange: "{from} – {to} ({zone})",
  periodAllRange: "Desde el primer pedido (horas: últimas {hours})",
  tileOrders: "Pedidos",
  tileUnits: "Unidades",
  tileMoney: "Dinero",
  productsTitle: "Productos más vendidos",
  productsChartLabel: "Gráfico de barras: unidades vendidas por producto",
  units: "Unidades",
  money: "Dinero",
  couriersTitle: "Por repartidor",
  couriersChartLabel: "Gráfico de barras: dinero generado y productos entregados por repartidor",
  courier: "Repartidor",
  orders: "Pedidos",
  products: "Productos",
  sortBy: "Ordenar por {column}",
  heatmapTitle: "Entregas por hora y repartidor",
  heatmapCaption: "Entregas por hora (hora de {zone}); filas: repartidores, columnas: horas",
  total: "Total",
  noData: "Todavía no hay pedidos en este periodo.",
  unlistedCouriers: "Los totales incluyen {orders} pedidos ({money}) de repartidores que no aparecen en la lista.",
  unlistedProducts: "Los totales incluyen {units} unidades de productos que no aparecen en la lista.",
  unlistedWhy:
    "El sistema lista hasta 250 repartidores y 250 productos por grupo, para seguir rápido y barato aunque lleguen identificadores inventados.",
  hourSuffix: "h",
  deliveriesIn: "{count} entregas de {courier} a las {hour}:00 del {day}",
} as const;

export type MessageKey = keyof typeof es;

const en: Record<MessageKey, string> = {
  appTitle: "Delivery monitor",
  company: "Cargo Express",
  loading: "Loading…",
  signInTitle: "Sign in",
  username: "User name",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  signOut: "Sign out",
  signedInAs: "Signed in as {user}",
  switchLanguage: "Español",
  switchLanguageLabel: "Cambiar a español",
  wrongCredentials: "Wrong user name or password. Check them and try again.",
  unknownUser: "There is no user with that name.",
  notSupervisor:
    "Your user is not in the supervisors group, so it may not see the monitor. Ask an administrator for access.",
  sessionExpired: "Your session expired. Please sign in again.",
  signedOut: "You signed out.",
  newPasswordRequired: "This user must set a new password before signing in. Ask an administrator to set it.",
  signInUnreachable: "The sign-in service could not be reached. Check your connection and try again.",
  signInFailed: "Sign-in failed: {detail}",
  tooManyAttempts: "Too many attempts. Wait a moment and try again.",
  missingFields: "Enter your user name and password.",
  configUnavailable: "The app's settings (/config.json) could not be loaded. Reload the page in a few seconds.",
  apiUnreachable: "No connection to the server. The figures shown may be out of date; retrying every few seconds…",
  apiError: "The server answered with an error ({status}). Retrying…",
  waitingForData: "Connecting to the server…",
  updatedAgo: "Updated {seconds} s ago",
  neverUpdated: "No data yet",
  period: "Period",
  periodToday: "Today",
  period7d: "Last 7 days",
  periodAll: "All time",
  periodRange: "{from} – {to} ({zone})",
  periodAllRange: "Since the first order (hours: last {hours})",
  tileOrders: "Orders",
  tileUnits: "Units",
  tileMoney: "Money",
  productsTitle: "Best-selling products",
  productsChartLabel: "Bar chart: units sold per product",
  units: "Units",
  money: "Money",
  couriersTitle: "Per courier",
  couriersChartLabel: "Bar chart: money generated and products delivered per courier",
  courier: "Courier",
  orders: "Orders",
  products: "Products",
  sortBy: "Sort by {column}",
  heatmapTitle: "Deliveries per hour and courier",
  heatmapCaption: "Deliveries per hour ({zone} time); rows: couriers, columns: hours",
  total: "Total",
  noData: "No orders in this period yet.",
  unlistedCouriers: "The totals include {orders} orders ({money}) of couriers not shown in the list.",
  unlistedProducts: "The totals include {units} units of products not shown in the list.",
  unlistedWhy:
    "The system lists up to 250 couriers and 250 products per group, to stay fast and cheap even when invented ids arrive.",
  hourSuffix: "h",
  deliveriesIn: "{count} deliveries by {courier} at {hour}:00 on {day}",
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { es, en };

/** The message in the language, with {placeholders} filled in. */
export function t(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function isLanguage(value: unknown): value is Language {
  return value === "es" || value === "en";
}

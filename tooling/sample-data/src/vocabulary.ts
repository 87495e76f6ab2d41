/** Word lists for generated message text: mostly English, some sessions multilingual. */
export const ENGLISH = (
  "the a to and of in is it you that for on with this be are as have can your at we do not " +
  "order refund account password shipping invoice delivery error timeout cluster deploy release " +
  "database migration session agent model tool search weather calendar meeting budget report " +
  "please thanks could would should update change cancel reset check status ticket priority " +
  "customer support billing plan upgrade downgrade export import backup restore latency region"
).split(" ");

export const MULTILINGUAL = [
  "こんにちは",
  "ありがとう",
  "注文",
  "返金",
  "配送",
  "東京",
  "データベース",
  "مرحبا",
  "شكرا",
  "طلب",
  "Привет",
  "спасибо",
  "заказ",
  "доставка",
  "Grüße",
  "Straße",
  "naïve",
  "café",
  "crème",
  "brûlée",
  "Ångström",
  "façade",
  "你好",
  "谢谢",
  "订单",
  "😀",
  "🚀",
  "👍🏽",
  "🇯🇵",
  "👨‍👩‍👧",
  "∑",
  "∞",
  "→",
];

export const TOPICS = ["billing", "shipping", "outage", "onboarding", "refund", "travel", "coding"];
export const CHANNELS = ["web", "slack", "api", "mobile", "email"];
export const TOOLS = [
  "search_orders",
  "get_weather",
  "lookup_account",
  "create_ticket",
  "run_query",
];
export const LOCALES = ["en-US", "ja-JP", "de-DE", "ar-EG", "ru-RU", "fr-FR", "zh-CN"];

/** Legal but hostile user ids: traversal, separators, device names, case and Unicode pairs, emoji, a long one. */
export const HOSTILE_USER_IDS = [
  "../../etc/passwd",
  "😀".repeat(128),
  "CON",
  "a/b\\c",
  "%2e%2e",
  "Alice",
  "alice",
  "caf\u00e9",
  "cafe\u0301",
  "ユーザー🙂",
  " spaced out ",
  "trailing.",
  "nul",
  "__proto__",
];

/** Legal but hostile session ids. */
export const HOSTILE_SESSION_IDS = [
  "x".repeat(256),
  "..",
  "🚀".repeat(60),
  ".",
  "COM1",
  "Abc",
  "abc",
  "sess/../../escape",
  "C:\\Windows\\system32",
  "\u00c5ngstr\u00f6m",
  "A\u030angstro\u0308m",
  "constructor",
];

import { api } from "./api.js";

let cached: { store: string | undefined; apps: Promise<string[]> } | undefined;

/** The apps of the selected store, read once per store. */
export function appNames(store: string | undefined): Promise<string[]> {
  if (cached !== undefined && cached.store === store) return cached.apps;
  const apps = api<{ apps: string[] }>("/api/apps").then((r) => r.apps);
  cached = { store, apps };
  apps.catch(() => {
    cached = undefined;
  });
  return apps;
}

import { type AdapterModule, adapterPackages, registerAdapter } from "@sessionkit/core";

/**
 * Imports the adapter package for `url` from the CLI's own dependencies and registers it with
 * openRepository, so the store opens whatever the current directory is. Unknown schemes and
 * memory: are left to openRepository.
 */
export async function loadAdapterFor(url: string): Promise<void> {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  const pkg = scheme ? adapterPackages[scheme] : undefined;
  if (pkg === undefined) return;
  try {
    registerAdapter(pkg, (await import(pkg)) as AdapterModule);
  } catch (cause) {
    if ((cause as { code?: string } | null)?.code !== "ERR_MODULE_NOT_FOUND") throw cause;
    // Not installed next to the CLI: openRepository reports which package to install.
  }
}

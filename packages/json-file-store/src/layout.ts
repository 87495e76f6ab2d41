import { join } from "node:path";
import { encodeIdSegment } from "./id-encoding.js";

/** File names of the layout (format version 1). */
export const MARKER_FILE = "sessionkit.json";
export const META_FILE = "meta.json";
export const APPS_DIR = "apps";
export const USERS_DIR = "users";
export const SESSIONS_DIR = "sessions";
export const APP_STATE_FILE = "app-state.json";
export const USER_STATE_FILE = "user-state.json";
/** Present only in app and user directories whose name is a hashed segment. */
export const ID_FILE = "id.json";
export const SESSION_SUFFIX = ".json";

/**
 * Where each record of a store lives:
 * ```
 * <root>/sessionkit.json
 * <root>/meta.json
 * <root>/apps/<app>/app-state.json
 * <root>/apps/<app>/users/<user>/user-state.json
 * <root>/apps/<app>/users/<user>/sessions/<session>.json
 * ```
 * Every `<…>` is {@link encodeIdSegment} of the id, so no id can name a path outside the root.
 */
export class StoreLayout {
  constructor(readonly root: string) {}

  get markerFile(): string {
    return join(this.root, MARKER_FILE);
  }

  get metaFile(): string {
    return join(this.root, META_FILE);
  }

  get appsDir(): string {
    return join(this.root, APPS_DIR);
  }

  appDir(appName: string): string {
    return join(this.root, APPS_DIR, encodeIdSegment(appName));
  }

  appStateFile(appName: string): string {
    return join(this.appDir(appName), APP_STATE_FILE);
  }

  usersDir(appName: string): string {
    return join(this.appDir(appName), USERS_DIR);
  }

  userDir(appName: string, userId: string): string {
    return join(this.usersDir(appName), encodeIdSegment(userId));
  }

  userStateFile(appName: string, userId: string): string {
    return join(this.userDir(appName, userId), USER_STATE_FILE);
  }

  sessionsDir(appName: string, userId: string): string {
    return join(this.userDir(appName, userId), SESSIONS_DIR);
  }

  sessionFile(appName: string, userId: string, sessionId: string): string {
    return join(this.sessionsDir(appName, userId), encodeIdSegment(sessionId) + SESSION_SUFFIX);
  }
}

import { join } from "node:path";
import { encodeIdSegment } from "./id-encoding.js";

/** File names of the layout (format version 1). */
export const MARKER_FILE = "sessionkit.json";
/** Present only in a retired store: names the store that replaced it (see retireJsonStore). */
export const RETIRED_FILE = "sessionkit-retired.json";
/** Meta entries of the store (`getMeta`/`setMeta`). */
export const META_FILE = "meta.json";
/** The directory of every app under the root. */
export const APPS_DIR = "apps";
/** The directory of every user under an app. */
export const USERS_DIR = "users";
/** The directory of a user's session files. */
export const SESSIONS_DIR = "sessions";
/** App-scoped state, keys without the `app:` prefix. */
export const APP_STATE_FILE = "app-state.json";
/** User-scoped state, keys without the `user:` prefix. */
export const USER_STATE_FILE = "user-state.json";
/** Present only in app and user directories whose name is a hashed segment. */
export const ID_FILE = "id.json";
/** A session file is the encoded session id plus this suffix. */
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

  /** `<root>/sessionkit.json` */
  get markerFile(): string {
    return join(this.root, MARKER_FILE);
  }

  /** `<root>/sessionkit-retired.json` (only in a retired store) */
  get retiredFile(): string {
    return join(this.root, RETIRED_FILE);
  }

  /** `<root>/meta.json` */
  get metaFile(): string {
    return join(this.root, META_FILE);
  }

  /** `<root>/apps` */
  get appsDir(): string {
    return join(this.root, APPS_DIR);
  }

  /** `<root>/apps/<app>` */
  appDir(appName: string): string {
    return join(this.root, APPS_DIR, encodeIdSegment(appName));
  }

  /** `<root>/apps/<app>/app-state.json` */
  appStateFile(appName: string): string {
    return join(this.appDir(appName), APP_STATE_FILE);
  }

  /** `<root>/apps/<app>/users` */
  usersDir(appName: string): string {
    return join(this.appDir(appName), USERS_DIR);
  }

  /** `<root>/apps/<app>/users/<user>` */
  userDir(appName: string, userId: string): string {
    return join(this.usersDir(appName), encodeIdSegment(userId));
  }

  /** `<root>/apps/<app>/users/<user>/user-state.json` */
  userStateFile(appName: string, userId: string): string {
    return join(this.userDir(appName, userId), USER_STATE_FILE);
  }

  /** `<root>/apps/<app>/users/<user>/sessions` */
  sessionsDir(appName: string, userId: string): string {
    return join(this.userDir(appName, userId), SESSIONS_DIR);
  }

  /** `<root>/apps/<app>/users/<user>/sessions/<session>.json` */
  sessionFile(appName: string, userId: string, sessionId: string): string {
    return join(this.sessionsDir(appName, userId), encodeIdSegment(sessionId) + SESSION_SUFFIX);
  }
}

// Node-RED settings for planbridge. Everything here comes from the environment; `planbridge start`
// fills in the secrets it keeps in the user directory before loading this file.
import { authFromEnv } from './runtime/auth-from-env';
import { flowsFileFrom, packageRoot, userDirFrom } from './runtime/paths';
import { PlanbridgeRuntime } from './nodes/lib/runtime-context';
import { corsFrom } from './runtime/perimeter';

const env = process.env;
const auth = authFromEnv(env);

const settings = {
  uiHost: env.PLANBRIDGE_HOST || '127.0.0.1',
  uiPort: env.PORT === undefined || env.PORT === '' ? 1880 : Number(env.PORT),
  userDir: userDirFrom(env),
  flowFile: flowsFileFrom(env),
  flowFilePretty: true,
  // planbridge's per-runtime context (ledgers, failure hooks, public routes, metrics), handed to every
  // node module as RED.settings.planbridge and to the route guard by runtime/server.ts.
  planbridge: new PlanbridgeRuntime(),
  nodesDir: [packageRoot],
  credentialSecret: env.PLANBRIDGE_CREDENTIAL_SECRET,
  adminAuth: auth.admin,
  httpAdminRoot: '/',
  httpNodeRoot: '/',
  apiMaxLength: env.PLANBRIDGE_HTTP_MAX_BODY || '5mb',
  // Node files (e.g. 90-exec.js) this deployment does not offer; a flow that uses one does not start.
  nodesExcludes: (env.PLANBRIDGE_NODES_EXCLUDE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
  // No CORS unless PLANBRIDGE_CORS_ORIGINS names the origins that may call from a browser.
  httpNodeCors: corsFrom(env),
  httpAdminCors: corsFrom(env),
  dashboard: {
    ioMiddleware: auth.http.socketMiddleware(),
  },
  contextStorage: {
    default: { module: 'memory' },
    file: { module: 'localfilesystem' },
  },
  exportGlobalContextKeys: false,
  functionExternalModules: false,
  externalModules: {
    autoInstall: false,
    palette: { allowInstall: false, allowUpload: false },
    modules: { allowInstall: false },
  },
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: true, ui: true },
  runtimeState: { enabled: false, ui: false },
  logging: {
    console: { level: env.PLANBRIDGE_LOG_LEVEL || 'info', metrics: false, audit: false },
  },
  editorTheme: {
    page: { title: 'planbridge' },
    header: { title: 'planbridge' },
    tours: false,
    projects: { enabled: false },
    palette: {
      catalogues: [] as string[],
      categories: ['integration', 'odoo', 'planning', 'wms', 'edi', 'common', 'function', 'network', 'sequence', 'parser', 'storage', 'dashboard 2'],
    },
    codeEditor: { lib: env.PLANBRIDGE_CODE_EDITOR || 'monaco' },
  },
};

export = settings;

// ESLint for planbridge: typescript-eslint with type information (floating promises, unused code), and the
// architecture's boundaries as import rules. Run by `npm run lint`, and so by `npm test`.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import tseslint from 'typescript-eslint';

const PACKS = ['odoo', 'planning', 'wms', 'edi', 'rest', 'integration', 'dashboard'];

/** Code that holds business rules or talks to a system: it must run, and be tested, without Node-RED. */
const WITHOUT_NODE_RED = ['nodes/*/client/**', 'nodes/*/codec/**', 'nodes/*/map/**', 'nodes/edi/partners/**', 'nodes/ledger/store/**', 'nodes/canonical/**'];

const noNodeRed = {
  name: 'node-red',
  message: 'Clients, codecs, mappers and stores do not import node-red: keep the Node-RED glue in the node files and nodes/lib.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.planbridge/**', 'packs/*/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
      // The tests and the sandboxes read JSON of unknown shape on purpose; `unknown` is used where it matters.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['eslint.config.mjs'],
    languageOptions: { sourceType: 'module', globals: { URL: 'readonly' } },
  },
  // One owner of the ledger's store: everything outside nodes/ledger goes through the Ledger (idempotency, cursors, ...).
  {
    files: ['**/*.ts'],
    ignores: ['nodes/ledger/**', 'test/unit/ledger/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name="store"][object.name=/^(ledger|l)$/i], MemberExpression[property.name="store"][object.property.name=/ledger$/i]',
          message:
            "Only nodes/ledger touches the ledger's store: use ledger.idempotency, ledger.cursors, ledger.messages, ledger.deadLetters, ledger.approvals or ledger.alerts.",
        },
      ],
    },
  },
  // A node pack uses planbridge through its public entry points only (planbridge/kit, /ledger, /contracts, /testing).
  {
    files: ['packs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*', '../../../*', '../../../../*'], message: 'A pack imports its own files and planbridge/<entry> only.' },
            { group: ['planbridge/dist/*', 'planbridge/nodes/*'], message: 'Use planbridge/kit, /ledger, /contracts or /testing.' },
          ],
        },
      ],
    },
  },
  // Tests read JSON answers of many shapes; `any` there keeps the assertions readable.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The sandboxes are written from the systems' documented behaviour alone: nothing of the product's code.
  {
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/nodes/**', '**/runtime/**'],
              message: 'A sandbox imports nothing from nodes/ or runtime/ (ARCHITECTURE: a wrong assumption must not hide in both sides).',
            },
          ],
        },
      ],
    },
  },
  {
    files: WITHOUT_NODE_RED,
    rules: { 'no-restricted-imports': ['error', { paths: [noNodeRed] }] },
  },
  // No pack imports another pack: what two packs share lives in the kit (nodes/lib, nodes/ledger, nodes/canonical).
  ...PACKS.map((pack) => ({
    files: [`nodes/${pack}/**/*.ts`],
    ignores: WITHOUT_NODE_RED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: PACKS.filter((other) => other !== pack).flatMap((other) => [`../${other}/**`, `../../${other}/**`, `../../../${other}/**`]),
              message: `No pack imports another pack: move what ${pack} needs into the kit (nodes/lib, nodes/ledger, nodes/canonical).`,
            },
          ],
        },
      ],
    },
  })),
  ...PACKS.map((pack) => ({
    files: WITHOUT_NODE_RED.filter((glob) => glob.startsWith('nodes/*/')).map((glob) => glob.replace('nodes/*/', `nodes/${pack}/`)),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noNodeRed],
          patterns: [
            {
              group: PACKS.filter((other) => other !== pack).flatMap((other) => [`../../${other}/**`, `../../../${other}/**`]),
              message: `No pack imports another pack: move what ${pack} needs into the kit (nodes/lib, nodes/ledger, nodes/canonical).`,
            },
          ],
        },
      ],
    },
  })),
);

// Two tiers (docs/conventions.md §10): unit specs beside the code (*.spec.ts, no external programs or
// servers), and a medium tier (*.medium.ts) against the real programs and servers: ffmpeg,
// espeak-ng, Redis, PostgreSQL and an S3-compatible server, which test/servers/global-setup.ts
// starts on loopback unless their addresses are already in the environment.
const base = {
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
    '/node_modules/@contentauth/c2pa-wasm/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // `@app/<lib>` is a lib's index; `@app/<lib>/<module>` one light module of it (e.g. graphics/layout, no Skia).
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2',
    // d3-geo 3 and d3-array 3 resolve to ES modules (Node 20 require()s them, jest's loader cannot):
    // their UMD builds are the same code.
    '^d3-geo$': '<rootDir>/node_modules/d3-geo/dist/d3-geo.js',
    '^d3-array$': '<rootDir>/node_modules/d3-array/dist/d3-array.js',
  },
  // @contentauth/c2pa-wasm ships only an ES module; Node 20 require()s it, jest's loader cannot.
  transformIgnorePatterns: ['/node_modules/(?!@contentauth/c2pa-wasm/)'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/plugins/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'medium',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.medium.ts', '<rootDir>/plugins/**/*.medium.ts'],
      slowTestThreshold: 60,
      globalSetup: '<rootDir>/test/servers/global-setup.ts',
      globalTeardown: '<rootDir>/test/servers/global-teardown.ts',
    },
  ],
};

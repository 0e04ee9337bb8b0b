// Two tiers (CONVENTIONS.md §10): unit specs beside the code (*.spec.ts, no external programs),
// and a medium tier (*.medium.ts) that runs the real ffmpeg and espeak-ng on short inputs.
const paths = {
  '^@app/(core|templates|speech|captions|graphics|media|engine)$': '<rootDir>/libs/$1/src',
};
const base = {
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } },
    ],
  },
  moduleNameMapper: paths,
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'medium',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.medium.ts'],
      slowTestThreshold: 60,
    },
  ],
};

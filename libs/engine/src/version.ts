import { clipwrightPackage } from '@app/core';

/** The package version, written into every result manifest and MP4 (provenance). */
export const version: string = clipwrightPackage().version;

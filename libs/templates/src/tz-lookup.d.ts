declare module 'tz-lookup' {
  /** IANA time zone name at a latitude/longitude (offline, CC0 data). */
  export default function tzlookup(lat: number, lon: number): string;
}

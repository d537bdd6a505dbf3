/** One schema step. `version` is the number in the file name; it never changes once shipped. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

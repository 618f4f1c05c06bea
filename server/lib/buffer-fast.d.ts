// Node's Buffer has latin1Slice/latin1Write (used by Buffer#toString/write for 'latin1'); calling
// them directly skips encoding dispatch on the hot path of the RESP parser and writer.
export {};
declare global {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string;
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}

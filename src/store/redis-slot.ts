/**
 * The Redis Cluster slot of a key (cluster specification: CRC16-XMODEM of the hash tag — the text between the first
 * `{` and the next `}`, when not empty — or of the whole key, modulo 16384). Used to find the master that serves a
 * partition for commands that name no key (SCAN).
 */
export function slotOf(key: string): number {
  const open = key.indexOf("{");
  if (open !== -1) {
    const close = key.indexOf("}", open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  let crc = 0;
  for (const byte of Buffer.from(key, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

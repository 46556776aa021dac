// ioredis's own slot function (CRC16 of the key's hash tag, mod 16384); the package has no types.
declare module 'cluster-key-slot' {
  export default function calculateSlot(key: string): number;
}

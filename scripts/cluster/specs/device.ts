// A home vitals device streaming through the load balancer, the way a real one must:
// every reading carries its idempotency key, and a reading not acknowledged with a 2xx
// (error status, reset, timeout) is sent again with the same key until it is.
import { appOrigin, postReading, reading, NORMAL } from "./fixtures";

export interface DeviceStream {
  /** Keys the server acknowledged with 2xx. */
  acknowledged: Set<string>;
  sent: number;
  /** Attempts that failed (status or network) and were retried. */
  failures: { status: number | string; at: number }[];
  stop(): Promise<void>;
}

export function streamReadings(token: string, everyMs = 50): DeviceStream {
  const acknowledged = new Set<string>();
  const failures: DeviceStream["failures"] = [];
  let running = true;
  const state = { sent: 0 };
  const loop = (async () => {
    let i = 0;
    while (running) {
      const r = reading({ ...NORMAL, heartRate: 60 + (i++ % 40) }, 0);
      state.sent++;
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          const res = await postReading(appOrigin("lb"), token, { readings: [r] }, 5_000);
          if (res.status === 200 || res.status === 201) {
            acknowledged.add(r.idempotencyKey);
            break;
          }
          failures.push({ status: res.status, at: Date.now() });
        } catch (error) {
          failures.push({ status: (error as Error).name, at: Date.now() });
        }
        await new Promise((res) => setTimeout(res, 100));
      }
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    acknowledged,
    get sent() {
      return state.sent;
    },
    failures,
    async stop() {
      running = false;
      await loop;
    },
  };
}

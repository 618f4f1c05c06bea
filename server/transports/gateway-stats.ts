/**
 * Counters of the WebSocket/HTTP gateway, for GET /metrics. Plain numbers and small maps: the hot
 * path only increments.
 */
export class GatewayStats {
  wsAccepted = 0;
  wsRejected = 0;
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Published frames handed to uWS topics (each counted once, whatever the subscriber count). */
  topicPublishes = 0;
  /** WebSocket closes by reason (client, quit, auth, rate-limit, too-big, idle, slow-consumer, ...). */
  readonly closes = new Map<string, number>();
  /** HTTP requests by "route status". */
  readonly http = new Map<string, number>();

  close(reason: string): void {
    this.closes.set(reason, (this.closes.get(reason) ?? 0) + 1);
  }

  request(route: string, status: number): void {
    const k = `${route} ${status}`;
    this.http.set(k, (this.http.get(k) ?? 0) + 1);
  }
}

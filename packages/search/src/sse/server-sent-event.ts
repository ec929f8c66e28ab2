/** One dispatched server-sent event, as the WHATWG rules define it. */
export interface ServerSentEvent {
  /** The `event:` field, or `"message"` when the event had none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen so far in the stream (it carries over between events), or `""`. */
  lastEventId: string;
  /** The `retry:` field of this event, in milliseconds, when it had a valid one. */
  retry?: number;
}

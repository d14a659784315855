import { EventEmitter } from 'eventemitter3';

/**
 * An `EventEmitter` that calls `onListen(event)` each time a listener is
 * added (`on`, `addListener`, `once`), after adding it. The store uses it to
 * open its LISTEN connection only once something in this process follows
 * the store (a listener of `'appended'`).
 *
 * @example
 * ```ts
 * const emitter = new WatchedEmitter<{ appended: [number] }>((event) => console.log('first listener of', event));
 * emitter.on('appended', (n) => console.log(n)); // logs "first listener of appended"
 * ```
 */
export class WatchedEmitter<Events extends EventEmitter.ValidEventTypes> extends EventEmitter<Events> {
  constructor(private readonly onListen: (event: EventEmitter.EventNames<Events>) => void) {
    super();
  }

  override on<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    super.on(event, fn, context);
    this.onListen(event);
    return this;
  }

  override addListener<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    return this.on(event, fn, context);
  }

  override once<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    super.once(event, fn, context);
    this.onListen(event);
    return this;
  }
}

/**
 * A fake Discord gateway (v10, JSON, no compression) on 127.0.0.1 for the
 * real discord.js client: HELLO, IDENTIFY → READY + one GUILD_CREATE per
 * guild, heartbeats, and RESUME → replay of what the client missed + RESUMED.
 * Tests dispatch events through it and can drop the socket mid-session to
 * watch the client resume.
 */
import { WebSocketServer, type WebSocket } from "ws";
import type { AddressInfo } from "node:net";

export interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  id: string;
  /** Sequence of the last dispatch sent (or buffered) on this session. */
  seq: number;
  /** Every dispatch of the session, so a RESUME can replay what was missed. */
  log: GatewayPayload[];
  socket: WebSocket | undefined;
  /** The client closed it for good (code 1000) or it was invalidated. */
  ended: boolean;
}

export interface FakeGatewayOptions {
  /** The READY payload for a new session (session id and resume URL are filled in). */
  ready(): Record<string, unknown>;
  /** One GUILD_CREATE payload per guild, sent after READY. */
  guildCreates(): Array<Record<string, unknown>>;
  heartbeatIntervalMs?: number;
}

export interface FakeGateway {
  readonly url: string;
  /** Sends an event to every live session (buffered for sessions waiting to resume). */
  dispatch(type: string, data: unknown): void;
  /** Closes every open socket with `code` without ending the sessions, so clients RESUME. */
  dropConnections(code?: number): void;
  readonly stats: { identifies: number; resumes: number; heartbeats: number; connections: number };
  /** Whether some session has a socket that finished IDENTIFY or RESUME. */
  hasLiveSession(): boolean;
  close(): Promise<void>;
}

const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export async function createFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions = new Map<string, Session>();
  const stats = { identifies: 0, resumes: 0, heartbeats: 0, connections: 0 };
  let nextSession = 1;

  const send = (socket: WebSocket, payload: GatewayPayload): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };

  const push = (session: Session, type: string, data: unknown): void => {
    session.seq += 1;
    const payload: GatewayPayload = { op: OP.dispatch, t: type, s: session.seq, d: data };
    session.log.push(payload);
    if (session.socket) send(session.socket, payload);
  };

  server.on("connection", (socket) => {
    stats.connections += 1;
    let session: Session | undefined;
    send(socket, { op: OP.hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null });

    socket.on("message", (raw) => {
      let payload: GatewayPayload;
      try {
        payload = JSON.parse(String(raw)) as GatewayPayload;
      } catch {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      switch (payload.op) {
        case OP.heartbeat:
          stats.heartbeats += 1;
          send(socket, { op: OP.heartbeatAck, d: null, s: null, t: null });
          break;
        case OP.identify: {
          stats.identifies += 1;
          session = { id: `session-${nextSession++}`, seq: 0, log: [], socket, ended: false };
          sessions.set(session.id, session);
          push(session, "READY", { ...options.ready(), session_id: session.id, resume_gateway_url: url });
          for (const guild of options.guildCreates()) push(session, "GUILD_CREATE", guild);
          break;
        }
        case OP.resume: {
          const request = payload.d as { session_id: string; seq: number };
          const known = sessions.get(request.session_id);
          if (!known || known.ended) {
            send(socket, { op: OP.invalidSession, d: false, s: null, t: null });
            break;
          }
          stats.resumes += 1;
          session = known;
          session.socket = socket;
          for (const missed of session.log.filter((event) => (event.s ?? 0) > request.seq)) send(socket, missed);
          push(session, "RESUMED", null);
          break;
        }
        default:
          break;
      }
    });

    socket.on("close", (code) => {
      if (!session || session.socket !== socket) return;
      session.socket = undefined;
      // A client that closes normally is done with its session; anything else may come back and resume.
      if (code === 1000) session.ended = true;
    });
  });

  return {
    url,
    stats,
    dispatch(type, data) {
      for (const session of sessions.values()) if (!session.ended) push(session, type, data);
    },
    dropConnections(code = 4000) {
      for (const session of sessions.values()) {
        const socket = session.socket;
        if (!socket) continue;
        session.socket = undefined;
        socket.close(code, "Fake gateway dropped the connection");
      }
    },
    hasLiveSession() {
      return [...sessions.values()].some((session) => session.socket !== undefined && !session.ended);
    },
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

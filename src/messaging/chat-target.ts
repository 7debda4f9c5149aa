/**
 * Where a message goes: a platform and a chat on it. `telegram` + `123456789` (a user) or `-100…` (a group),
 * `discord` + a channel id, `console` + `console`, or a notification channel (`ntfy` + its topic, `webhook` + its
 * name…). `thread` is a Telegram forum topic or a Discord thread inside the chat, when a message belongs there.
 */
export interface ChatTarget {
  platform: string;
  chatId: string;
  thread?: string;
}

export function sameChat(a: ChatTarget, b: ChatTarget): boolean {
  return a.platform === b.platform && a.chatId === b.chatId && (a.thread ?? null) === (b.thread ?? null);
}

/** One string per chat (and thread): a map key, and the unit in which messages keep their order. */
export function chatKey(target: ChatTarget): string {
  return target.thread === undefined ? `${target.platform}:${target.chatId}` : `${target.platform}:${target.chatId}#${target.thread}`;
}

export function uniqueChats<T extends ChatTarget>(targets: readonly T[]): T[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = chatKey(target);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Just the target of something that carries one (a subscription, an outbox row), its topic kept. */
export function targetOf(target: ChatTarget): ChatTarget {
  return target.thread === undefined ? { platform: target.platform, chatId: target.chatId } : { platform: target.platform, chatId: target.chatId, thread: target.thread };
}

/** How a topic is stored: '' for the chat itself, so it can be part of a key. */
export function storedThread(target: ChatTarget): string {
  return target.thread ?? '';
}

/** A stored topic back as a target's `thread`: none for ''. */
export function threadOf(stored: string): { thread?: string } {
  return stored === '' ? {} : { thread: stored };
}

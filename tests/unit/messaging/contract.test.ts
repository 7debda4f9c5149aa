import { describe, expect, it } from 'vitest';
import { ButtonSigner, commandButton, MAX_BUTTON_ID_BYTES } from '../../../src/messaging/button-id.js';
import { chatKey, sameChat, uniqueChats } from '../../../src/messaging/chat-target.js';
import { ChatUnreachableError, deliveryFailureOf, MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../../../src/messaging/errors.js';
import { textMessage } from '../../../src/messaging/message.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import { FakeChatPlatform } from '../../fakes/chat-platform.js';

describe('the command button protocol', () => {
  it('fits a line of up to 50 bytes, which signing brings to the 64 bytes Telegram allows', () => {
    expect(commandButton('x', 'a'.repeat(50))).toEqual({ label: 'x', id: `c:${'a'.repeat(50)}` });
    expect(commandButton('x', 'a'.repeat(51))).toBeNull();
    const signed = new ButtonSigner(Buffer.alloc(32, 7)).sign({ line: 'a'.repeat(50), edit: false });
    expect(Buffer.byteLength(signed)).toBe(MAX_BUTTON_ID_BYTES);
  });

  it('reads back what it composed, and refuses a forged signature', () => {
    const button = commandButton('Acknowledge', 'ack a1b2', { edit: true });
    expect(button && ButtonSigner.unsigned(button.id)).toEqual({ line: 'ack a1b2', edit: true });
    const signer = new ButtonSigner(Buffer.alloc(32, 1));
    const id = signer.sign({ line: 'ack a1b2', edit: false });
    expect(signer.verify(id)).toEqual({ kind: 'inline', button: { line: 'ack a1b2', edit: false } });
    expect(new ButtonSigner(Buffer.alloc(32, 2)).verify(id)).toEqual({ kind: 'forged' });
  });
});

describe('chat targets', () => {
  it('tell a topic inside a chat from the chat itself', () => {
    const group = { platform: 'telegram', chatId: '-100' };
    const topic = { ...group, thread: '7' };
    expect(chatKey(group)).toBe('telegram:-100');
    expect(chatKey(topic)).toBe('telegram:-100#7');
    expect(sameChat(group, topic)).toBe(false);
    expect(uniqueChats([group, topic, { ...group }])).toEqual([group, topic]);
  });
});

describe('the platform registry', () => {
  it('sends to the platform a target names, and refuses one nobody registered', async () => {
    const ntfy = new FakeChatPlatform('ntfy');
    const platforms = new ChatPlatforms().register(ntfy);
    await platforms.send({ platform: 'ntfy', chatId: 'miners' }, textMessage('hot'), { silent: false });
    expect(ntfy.texts()).toEqual(['hot']);
    await expect(platforms.send({ platform: 'fax', chatId: '1' }, textMessage('x'), { silent: false })).rejects.toBeInstanceOf(PlatformUnavailableError);
  });

  it('answers "can this be delivered" from the platform, or from its own rule', () => {
    const discord = new FakeChatPlatform('discord');
    discord.enabled = false;
    const telegram = new FakeChatPlatform('telegram');
    telegram.enabled = false;
    const platforms = new ChatPlatforms().register(discord).register({ platform: telegram, accepts: () => true });
    expect(platforms.canDeliverTo({ platform: 'discord', chatId: '1' })).toBe(false);
    expect(platforms.canDeliverTo({ platform: 'telegram', chatId: '1' })).toBe(true);
    expect(platforms.canDeliverTo({ platform: 'fax', chatId: '1' })).toBe(false);
    discord.enabled = true;
    expect(platforms.canDeliverTo({ platform: 'discord', chatId: '1' })).toBe(true);
  });

  it('collects the targets each platform subscribes by config, each once', () => {
    const target = { platform: 'ntfy', chatId: 'miners' };
    const platforms = new ChatPlatforms().register({
      platform: new FakeChatPlatform('ntfy'),
      subscriptions: () => [{ target, minSeverity: 'warning', quietHours: null }, { target, minSeverity: 'info', quietHours: null }],
    });
    expect(platforms.standingSubscriptions()).toEqual([{ target, minSeverity: 'warning', quietHours: null }]);
  });

  it('refuses a second platform of the same name', () => {
    const platforms = new ChatPlatforms().register(new FakeChatPlatform('ntfy'));
    expect(() => platforms.register(new FakeChatPlatform('ntfy'))).toThrow(/twice/);
  });
});

describe('the error vocabulary', () => {
  it('sorts every failure into one of four kinds; unknown errors are transient', () => {
    expect(deliveryFailureOf(new ChatUnreachableError('blocked'))).toBe('chat-unreachable');
    expect(deliveryFailureOf(new MessageRefusedError('too long'))).toBe('message-refused');
    expect(deliveryFailureOf(new PlatformUnavailableError('no token', { turnedOff: true }))).toBe('platform-unavailable');
    expect(deliveryFailureOf(new TransientDeliveryError('429', { retryAfterMs: 3000 }))).toBe('transient');
    expect(deliveryFailureOf(new Error('ECONNRESET'))).toBe('transient');
    expect(new MessageRefusedError('moved', { movedToChatId: '-1009' }).movedToChatId).toBe('-1009');
  });
});

package dev.lindy.redis.internal;

import dev.lindy.hub.History;
import dev.lindy.hub.Message;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How the hub's topics live in Redis: each topic is a stream under the prefix, {@code hub:} and its name,
 * which keeps its newest messages, and a channel of the same name that carries each message to the nodes
 * following the topic. A message's id is its stream id, {@code ms-seq}, as one number: {@code ms * 1000 +
 * seq}. The publish script draws stream ids itself, from Redis's clock and the stream's last id, keeping
 * {@code seq} below 1000 (the next millisecond comes early if one is full), so every stream id has its
 * number, the numbers grow as the stream ids do, and they stay exact in JavaScript until the year 2255.
 */
public final class HubStreams {
    /**
     * Draws the next id, appends the message (trimming the stream to about its history), refreshes the
     * stream's time to live and publishes {@code "<id> <data>"} on the channel, all in one atomic step, so
     * the channel carries a topic's messages in id order. ARGV: data, history (0 keeps none), time to live
     * in milliseconds, channel. Answers the stream id.
     */
    private static final String PUBLISH = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local ms, seq = 0, 0",
            "if redis.call('EXISTS', KEYS[1]) == 1 then",
            "  local info = redis.call('XINFO', 'STREAM', KEYS[1])",
            "  for i = 1, #info, 2 do",
            "    if info[i] == 'last-generated-id' then",
            "      local a, b = string.match(info[i + 1], '(%d+)-(%d+)')",
            "      ms, seq = tonumber(a), tonumber(b)",
            "    end",
            "  end",
            "end",
            "if now > ms then ms, seq = now, 0 else seq = seq + 1 end",
            "if seq >= 1000 then ms, seq = ms + 1, 0 end",
            "local id = string.format('%.0f-%d', ms, seq)",
            "if tonumber(ARGV[2]) > 0 then",
            "  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id, 'd', ARGV[1])",
            "else",
            "  redis.call('XADD', KEYS[1], 'MAXLEN', '0', id, 'd', ARGV[1])",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
            "redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[1])",
            "return id");

    /**
     * Reads the newest messages after an id, at most the history's count of them, with what tells whether
     * the asker missed more. ARGV: the stream id after which to read, history. Answers the stream's last
     * id, its length, its first id, 1 if messages after the id lie beyond the newest ones, then id and data
     * of each message, oldest first; nothing for a stream that does not exist.
     */
    private static final Script HISTORY = new Script(String.join("\n",
            "if redis.call('EXISTS', KEYS[1]) == 0 then return {} end",
            "local info = redis.call('XINFO', 'STREAM', KEYS[1])",
            "local last, length, first = '0-0', 0, '0-0'",
            "for i = 1, #info, 2 do",
            "  if info[i] == 'last-generated-id' then last = info[i + 1]",
            "  elseif info[i] == 'length' then length = info[i + 1]",
            "  elseif info[i] == 'recorded-first-entry-id' then first = info[i + 1] end",
            "end",
            "local n = tonumber(ARGV[2])",
            "local out = {last, tostring(length), first, '0'}",
            "local newest = {}",
            "if n > 0 then newest = redis.call('XREVRANGE', KEYS[1], '+', '(' .. ARGV[1], 'COUNT', n) end",
            "local before = '+'",
            "if #newest > 0 then before = '(' .. newest[#newest][1] end",
            "if #newest == n and #redis.call('XREVRANGE', KEYS[1], before, '(' .. ARGV[1], 'COUNT', 1) > 0 then",
            "  out[4] = '1'",
            "end",
            "for i = #newest, 1, -1 do",
            "  table.insert(out, newest[i][1])",
            "  table.insert(out, newest[i][2][2])",
            "end",
            "return out"), ScriptOutputType.MULTI);

    private HubStreams() {
    }

    /**
     * Publishes a message. Always sent whole ({@code EVAL}): a script sent by digest could, after a restart
     * of Redis, fail for one publish and run for the next before it is sent again, out of order.
     *
     * @param link the link
     * @param topic the topic
     * @param data the message's data
     * @param history how many messages the topic keeps, about
     * @return the message's id
     */
    public static CompletionStage<Long> publish(RedisLink link, String topic, String data, int history) {
        String key = key(link.settings().prefix(), topic);
        String[] args = {data, Integer.toString(history), Long.toString(link.settings().historyRetention().toMillis()), key};
        return link.<String>call(c -> c.eval(PUBLISH, ScriptOutputType.VALUE, new String[] {key}, args))
                .thenApply(HubStreams::id);
    }

    /**
     * Reads a topic's history after an id.
     *
     * @param link the link
     * @param topic the topic
     * @param afterId the id, or 0 for everything retained
     * @param history how many messages the topic keeps
     * @return the history
     */
    public static CompletionStage<History> history(RedisLink link, String topic, long afterId, int history) {
        String key = key(link.settings().prefix(), topic);
        return HISTORY.<List<Object>>run(link, new String[] {key}, streamId(afterId), Integer.toString(history))
                .thenApply(reply -> history(topic, afterId, reply));
    }

    /**
     * Returns a topic's stream key, which is also its channel.
     *
     * @param prefix the keys' prefix
     * @param topic the topic
     * @return the key
     */
    public static String key(String prefix, String topic) {
        return prefix + "hub:" + topic;
    }

    /**
     * Returns the topic of a channel.
     *
     * @param prefix the keys' prefix
     * @param channel the channel
     * @return the topic, or null when the channel is not a topic's
     */
    public static String topic(String prefix, String channel) {
        String start = prefix + "hub:";
        return channel.startsWith(start) ? channel.substring(start.length()) : null;
    }

    /**
     * Returns the number of a stream id.
     *
     * @param streamId {@code ms-seq}, as the publish script draws them
     * @return {@code ms * 1000 + seq}
     * @throws IllegalArgumentException if it is no stream id with {@code seq} below 1000
     */
    public static long id(String streamId) {
        int dash = streamId.indexOf('-');
        try {
            long ms = Long.parseLong(streamId.substring(0, dash));
            long seq = Long.parseLong(streamId.substring(dash + 1));
            if (ms < 0 || seq < 0 || seq >= 1000) {
                throw new IllegalArgumentException("not a hub stream id: " + streamId);
            }
            return Math.multiplyExact(ms, 1000) + seq;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a hub stream id: " + streamId, e);
        }
    }

    /**
     * Returns the stream id of a number.
     *
     * @param id a message's id, or 0
     * @return {@code ms-seq}
     */
    public static String streamId(long id) {
        return (id / 1000) + "-" + (id % 1000);
    }

    /**
     * Reads a message off its channel.
     *
     * @param topic the topic
     * @param payload {@code "<stream id> <data>"}
     * @return the message
     */
    public static Message message(String topic, String payload) {
        int space = payload.indexOf(' ');
        return new Message(topic, id(payload.substring(0, space)), payload.substring(space + 1));
    }

    /**
     * Reads the answer of the history script.
     *
     * @param topic the topic
     * @param afterId the id asked after
     * @param reply the script's answer
     * @return the history
     */
    private static History history(String topic, long afterId, List<Object> reply) {
        if (reply == null || reply.isEmpty()) {
            return new History(List.of(), 0, afterId != 0);
        }
        long last = id(String.valueOf(reply.get(0)));
        long length = Long.parseLong(String.valueOf(reply.get(1)));
        long first = id(String.valueOf(reply.get(2)));
        boolean beyond = "1".equals(String.valueOf(reply.get(3)));
        List<Message> messages = new ArrayList<>();
        for (int i = 4; i + 1 < reply.size(); i += 2) {
            messages.add(new Message(topic, id(String.valueOf(reply.get(i))), String.valueOf(reply.get(i + 1))));
        }
        // Missed: some messages after the id lie beyond the newest ones; or the id is earlier than the first
        // message Redis still holds (all of them, when it holds none), so messages after it may have been
        // trimmed, or it is from a stream Redis has lost or let expire since; or it is later than any this
        // stream gave. Trimming does not say which ids it dropped, so an id just before the first one held
        // counts as missed too: never a catch-up that looks whole and is not.
        boolean missed = afterId != 0 && (beyond || afterId > last || afterId < (length == 0 ? last : first));
        return new History(messages, last, missed);
    }
}

/**
 * Scale-out on Redis: a channel layer with fan-out by process, and a session store.
 *
 * <dl>
 *   <dt>{@link io.channels4j.layers.redis.RedisChannelLayer}</dt><dd>the ChannelLayer contract across processes</dd>
 *   <dt>{@link io.channels4j.layers.redis.RedisSessionStore}</dt><dd>sessions every node can read</dd>
 * </dl>
 */
package io.channels4j.layers.redis;

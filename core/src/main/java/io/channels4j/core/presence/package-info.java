/**
 * Presence: who is in a group, across every node. Each node keeps its own members' entries in a shared
 * {@link io.channels4j.core.presence.PresenceStore} and refreshes them with a heartbeat; every node merges all
 * entries and tells its own members who arrived and who left.
 * <dl>
 *   <dt>{@link io.channels4j.core.presence.PresencePolicy}</dt><dd>which groups track presence, grace period, count-only threshold</dd>
 *   <dt>{@link io.channels4j.core.presence.PresenceSettings}</dt><dd>policies by group pattern, clock, ticker, node timeout</dd>
 *   <dt>{@link io.channels4j.core.presence.PresenceTracker}</dt><dd>one node's view; what a layer's {@code presence(group)} answers</dd>
 *   <dt>{@link io.channels4j.core.presence.PresenceStore}</dt><dd>where nodes meet: in memory or Redis</dd>
 *   <dt>{@link io.channels4j.core.presence.PresenceMember}</dt><dd>one user present: connections and meta</dd>
 * </dl>
 */
package io.channels4j.core.presence;

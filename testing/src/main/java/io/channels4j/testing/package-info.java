/**
 * Test applications in-process, with no network, as Channels' testing module.
 *
 * <dl>
 *   <dt>{@link io.channels4j.testing.WebsocketCommunicator}</dt><dd>one WebSocket connection</dd>
 *   <dt>{@link io.channels4j.testing.HttpCommunicator}</dt><dd>one HTTP request</dd>
 *   <dt>{@link io.channels4j.testing.ConnectResult}</dt><dd>how a handshake ended</dd>
 * </dl>
 */
package io.channels4j.testing;

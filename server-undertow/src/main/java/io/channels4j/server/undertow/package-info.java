/**
 * Serves channels4j applications on Undertow: HTTP/1.1 and WebSocket on one port.
 *
 * <dl>
 *   <dt>{@link io.channels4j.server.undertow.UndertowServer}</dt><dd>the server, with a builder and graceful stop</dd>
 *   <dt>{@link io.channels4j.server.undertow.ChannelsHandler}</dt><dd>an Undertow handler for an existing chain</dd>
 *   <dt>{@link io.channels4j.server.undertow.ServerSettings}</dt><dd>heartbeats, limits, proxies, access log</dd>
 * </dl>
 */
package io.channels4j.server.undertow;

/**
 * The heart of channels4j: connections, consumers and the channel layer, with no server, Redis or JWT code.
 *
 * <dl>
 *   <dt>{@link io.channels4j.core.Scope}</dt><dd>the immutable description of one connection</dd>
 *   <dt>{@link io.channels4j.core.Application}</dt><dd>the server contract; routers, middleware and consumers are applications</dd>
 *   <dt>{@link io.channels4j.core.WebsocketConsumer}, {@link io.channels4j.core.JsonWebsocketConsumer},
 *       {@link io.channels4j.core.HttpConsumer}, {@link io.channels4j.core.GenericConsumer}</dt><dd>what users write</dd>
 *   <dt>{@link io.channels4j.core.ChannelLayer}</dt><dd>channels and groups; {@link io.channels4j.core.InMemoryChannelLayer} by default</dd>
 *   <dt>{@link io.channels4j.core.HistoryPolicy}, {@link io.channels4j.core.HistoryPosition}</dt><dd>groups that keep history; offset and epoch</dd>
 *   <dt>{@link io.channels4j.core.Worker}</dt><dd>background consumers of named channels</dd>
 * </dl>
 */
package io.channels4j.core;

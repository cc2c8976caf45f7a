/**
 * Guice integration: consumers created per connection by an injector.
 *
 * <dl>
 *   <dt>{@link io.channels4j.core.guice.ChannelsModule}</dt><dd>binds the layer, the consumer factory and the connection scope</dd>
 *   <dt>{@link io.channels4j.core.guice.GuiceConsumerFactory}</dt><dd>injects each consumer</dd>
 *   <dt>{@link io.channels4j.core.guice.ConnectionScoped}</dt><dd>one instance per connection</dd>
 * </dl>
 *
 * <p>This is the only package of core that uses Guice, which is an optional dependency.
 */
package io.channels4j.core.guice;

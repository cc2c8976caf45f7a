/** Micrometer meters for any channel layer, kept out of the server's core path: {@link io.channels4j.metrics.MeteredChannelLayer}. */
package io.channels4j.metrics;

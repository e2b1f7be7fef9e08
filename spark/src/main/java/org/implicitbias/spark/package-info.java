/**
 * The Spark engine of search and sweep: the core's independent checks run as the tasks of Spark jobs,
 * embedded ({@code local[*]}) or on a cluster under {@code spark-submit}.
 */
package org.implicitbias.spark;

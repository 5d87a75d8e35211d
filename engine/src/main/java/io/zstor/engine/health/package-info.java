/**
 * Backend health monitoring: a periodic NSINFO round over every data and metadata backend that classifies
 * each as healthy, full or unreachable, feeds placement through the
 * {@link io.zstor.engine.placement.BackendHealth} contract, and makes metadata read-only while a metadata
 * backend does not answer.
 */
package io.zstor.engine.health;

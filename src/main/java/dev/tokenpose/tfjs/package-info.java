/**
 * TensorFlow.js graph models in TensorFlow Java: {@link dev.tokenpose.tfjs.TfjsGraphModel} reads a
 * {@code model.json} and its weight shards and converts them into a frozen TensorFlow graph;
 * {@link dev.tokenpose.tfjs.TfjsModelQuantizer} writes the uint8 copies that ship in the jar (the
 * NanoDet person detector, the MoveNet teachers).
 */
package dev.tokenpose.tfjs;

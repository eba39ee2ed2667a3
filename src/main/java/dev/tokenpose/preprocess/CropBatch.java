package dev.tokenpose.preprocess;

/**
 * The crops of one image's person boxes: the RGB pixels and the normalised model input.
 *
 * @param count number of crops N
 * @param height crop height H
 * @param width crop width W
 * @param rgb uint8 [N, H, W, 3], RGB
 * @param input float32 [N, 3, H, W], normalised
 */
public record CropBatch(int count, int height, int width, byte[] rgb, float[] input) {}

package dev.tokenpose.eval;

/** The (image, category) pair COCOeval groups objects and detections by. */
record ImageCategory(long imageId, long categoryId) {}

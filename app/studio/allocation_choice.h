// The Allocation choices the Quantize and Compare pages offer for OWQ (the reference rule, sensitivity, and
// sensitivity that also picks each linear's base width from 2, 3 or 4 bits) and what each sets in a recipe.
// Their texts are translated in the "AllocationChoice" context.
#pragma once

#include "owq/quant_pipeline.h"

class QComboBox;

// Adds the three choices to `box` in that order; each item's data is its index (0 and 1 are
// int(owq::Allocation::Owq) and int(owq::Allocation::Sensitivity), 2 the mixed-precision choice).
void addAllocationChoices(QComboBox* box);
// Sets r.allocation from box's current choice and, for mixed precision, r.allocationBits = {2, 3, 4}
// (otherwise allocationBits is left as it is).
void applyAllocationChoice(const QComboBox* box, owq::QuantRecipe& r);

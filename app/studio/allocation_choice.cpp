#include "allocation_choice.h"

#include <QComboBox>
#include <QCoreApplication>

namespace {
// The third choice: sensitivity allocation that also picks each linear's base width.
constexpr int kMixedBitsChoice = 2;
static_assert(int(owq::Allocation::Owq) == 0 && int(owq::Allocation::Sensitivity) == 1);
} // namespace

void addAllocationChoices(QComboBox* box) {
    box->addItem(
        QCoreApplication::translate("AllocationChoice", "Reference rule (same count per linear type)"),
        int(owq::Allocation::Owq));
    box->addItem(
        QCoreApplication::translate("AllocationChoice", "Sensitivity (same bits, where they help most)"),
        int(owq::Allocation::Sensitivity));
    box->addItem(QCoreApplication::translate(
                     "AllocationChoice", "Sensitivity, and 2, 3 or 4 base bits per linear (mixed precision)"),
                 kMixedBitsChoice);
}

void applyAllocationChoice(const QComboBox* box, owq::QuantRecipe& r) {
    const int choice = box->currentData().toInt();
    r.allocation = choice == int(owq::Allocation::Owq) ? owq::Allocation::Owq : owq::Allocation::Sensitivity;
    if (choice == kMixedBitsChoice) r.allocationBits = {2, 3, 4};
}

// The allocation in the studio (issue 24, part 3): the Quantize page's choice and its layer x linear plan
// heatmap (the reference rule's counts before a run, the run's own counts after a sensitivity run), and
// Inspect's heatmap of the quantized model, each checked against the run's report.
#include "allocation_heatmap.h"
#include "gui_testutil.h"
#include "inspect_page.h"

#include <qcustomplot.h>

#include <QtTest>

#include <cmath>
#include <set>

#include <QLabel>
#include <QRegularExpression>

#include <map>

using namespace owqtest;

namespace {

// Weak columns per (layer, kind) as a report lists them.
std::map<std::pair<int, std::string>, double> countsOf(const AllocationHeatmap& h) {
    std::map<std::pair<int, std::string>, double> m;
    for (std::size_t l = 0; l < h.values().size(); ++l)
        for (std::size_t k = 0; k < h.kinds().size(); ++k) m[{int(l), h.kinds()[k]}] = h.values()[l][k];
    return m;
}

} // namespace

class TestStudioAllocation : public QObject {
    Q_OBJECT
private slots:
    // The LM head choice (issue 22, cheaper head) is the recipe's head format.
    void headChoiceGoesIntoTheRecipe() {
        MainWindow w;
        QuantizePage* q = w.quantizePage();
        auto* head = q->findChild<QComboBox*>("headFormat");
        QVERIFY(head);
        QCOMPARE(head->count(), 4);
        for (owq::HeadFormat h :
             {owq::HeadFormat::BF16, owq::HeadFormat::Int8, owq::HeadFormat::F32, owq::HeadFormat::Source}) {
            head->setCurrentIndex(head->findData(int(h)));
            QCOMPARE(q->recipe().head, h);
        }
    }

    void sensitivityRunShowsItsAllocation() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        w.openModel(QString::fromStdString(sharedPath("models/stories260K")));
        QVERIFY(waitIdle(w, 60000));
        setSmallOwq3(w);
        QuantizePage* q = w.quantizePage();
        // Before a run: the reference rule's plan, 2 weak columns in q/k/v/o/down of every layer at 3.1.
        const AllocationHeatmap& plan = q->planHeatmap();
        QCOMPARE(int(plan.values().size()), 5);
        QCOMPARE(int(plan.kinds().size()), 7);
        for (const auto& [at, v] : countsOf(plan))
            QCOMPARE(v, at.second == "gate_proj" || at.second == "up_proj" ? 0.0 : 2.0);

        auto* allocation = q->findChild<QComboBox*>("allocation");
        QVERIFY(allocation);
        allocation->setCurrentIndex(allocation->findData(int(owq::Allocation::Sensitivity)));
        QCOMPARE(q->recipe().allocation, owq::Allocation::Sensitivity);
        QTest::mouseClick(w.findChild<QPushButton*>("runQuantize"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 180000));
        QVERIFY(q->hasResult());

        // The report the run produced, as Inspect holds it: its recipe says sensitivity, and the counts are
        // not the reference rule's.
        w.showPage("inspect");
        InspectPage* inspect = w.inspectPage();
        const auto fromInspect = countsOf(inspect->allocationHeatmap());
        QCOMPARE(int(fromInspect.size()), 35);
        // Each cell against the report's own linear as Inspect's details line states it.
        auto* linear = inspect->findChild<QComboBox*>("linear");
        auto* details = inspect->findChild<QLabel*>("linearDetails");
        QCOMPARE(linear->count(), 35);
        for (int i = 0; i < linear->count(); ++i) {
            inspect->selectLinear(i);
            const QRegularExpressionMatch m =
                QRegularExpression(
                    "model\\.layers\\.(\\d+)\\.\\w+\\.(\\w+): \\d+ x \\d+, (\\d+) weak columns")
                    .match(details->text());
            QVERIFY2(m.hasMatch(), qPrintable(details->text()));
            QCOMPARE(fromInspect.at({m.captured(1).toInt(), m.captured(2).toStdString()}),
                     m.captured(3).toDouble());
        }
        const auto afterRun = countsOf(q->planHeatmap());
        QCOMPARE(afterRun, fromInspect);
        bool differs = false;
        for (const auto& [at, v] : afterRun)
            differs = differs || v != (at.second == "gate_proj" || at.second == "up_proj" ? 0.0 : 2.0);
        QVERIFY2(differs, "the sensitivity run's heatmap shows the reference rule's counts");
        auto* map =
            qobject_cast<QCPColorMap*>(inspect->findChild<QCustomPlot*>("allocationHeatmap")->plottable(0));
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 7);
        QCOMPARE(map->data()->valueSize(), 5);

        // Mixed precision: the third choice asks for widths 2, 3 and 4; after the run both heatmaps show each
        // linear's bits per weight (Inspect's details line gives it to 3 decimals), and widths differ.
        w.showPage("quantize");
        allocation->setCurrentIndex(2);
        QCOMPARE(q->recipe().allocation, owq::Allocation::Sensitivity);
        QCOMPARE(q->recipe().allocationBits, (std::vector<int>{2, 3, 4}));
        QTest::mouseClick(w.findChild<QPushButton*>("runQuantize"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 180000));
        QVERIFY(q->hasResult());
        w.showPage("inspect");
        const auto bits = countsOf(inspect->allocationHeatmap());
        QCOMPARE(int(bits.size()), 35);
        std::set<long> perWeight;
        for (int i = 0; i < linear->count(); ++i) {
            inspect->selectLinear(i);
            const QRegularExpressionMatch m =
                QRegularExpression("model\\.layers\\.(\\d+)\\.\\w+\\.(\\w+): .*, ([0-9.]+) bits/weight")
                    .match(details->text());
            QVERIFY2(m.hasMatch(), qPrintable(details->text()));
            const double cell = bits.at({m.captured(1).toInt(), m.captured(2).toStdString()});
            QVERIFY2(std::abs(cell - m.captured(3).toDouble()) < 5e-4, qPrintable(details->text()));
            perWeight.insert(std::lround(cell));
        }
        QVERIFY2(perWeight.size() > 1, "every linear at one width");
        QCOMPARE(countsOf(q->planHeatmap()), bits);
    }
};

QTEST_MAIN(TestStudioAllocation)
#include "test_studio_allocation.moc"

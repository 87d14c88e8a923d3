-- Source: https://github.com/jpwhite3/northwind-SQLite3, file src/create.sql
-- at commit 4f56e7f5906dfd23b25244c5bfe8fb5da6402efd
-- License: MIT (see LICENSE in the source repository)
-- Changed here: the model file `migrate inspect` printed for tests/realschema/sqlite/northwind.sql
-- loaded natively (for the diagram geometry test, tests/integration/cli_diagram.c)
CREATE TABLE "Categories" (
    "CategoryID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CategoryName" TEXT,
    "Description" TEXT,
    "Picture" BLOB
);
CREATE TABLE "CustomerDemographics" (
    "CustomerTypeID" TEXT NOT NULL,
    "CustomerDesc" TEXT,
    CONSTRAINT "pk_CustomerDemographics" PRIMARY KEY ("CustomerTypeID")
);
CREATE TABLE "Customers" (
    "CustomerID" TEXT NOT NULL,
    "CompanyName" TEXT,
    "ContactName" TEXT,
    "ContactTitle" TEXT,
    "Address" TEXT,
    "City" TEXT,
    "Region" TEXT,
    "PostalCode" TEXT,
    "Country" TEXT,
    "Phone" TEXT,
    "Fax" TEXT,
    CONSTRAINT "pk_Customers" PRIMARY KEY ("CustomerID")
);
CREATE TABLE "CustomerCustomerDemo" (
    "CustomerID" TEXT NOT NULL,
    "CustomerTypeID" TEXT NOT NULL,
    CONSTRAINT "pk_CustomerCustomerDemo" PRIMARY KEY ("CustomerID", "CustomerTypeID"),
    CONSTRAINT "fk_CustomerCustomerDemo_CustomerID_Customers" FOREIGN KEY ("CustomerID") REFERENCES "Customers" ("CustomerID"),
    CONSTRAINT "fk_CustomerCustomerDemo_CustomerTypeID_CustomerDemographics" FOREIGN KEY ("CustomerTypeID") REFERENCES "CustomerDemographics" ("CustomerTypeID")
);
CREATE TABLE "Employees" (
    "EmployeeID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "LastName" TEXT,
    "FirstName" TEXT,
    "Title" TEXT,
    "TitleOfCourtesy" TEXT,
    "BirthDate" DATE,
    "HireDate" DATE,
    "Address" TEXT,
    "City" TEXT,
    "Region" TEXT,
    "PostalCode" TEXT,
    "Country" TEXT,
    "HomePhone" TEXT,
    "Extension" TEXT,
    "Photo" BLOB,
    "Notes" TEXT,
    "ReportsTo" INTEGER,
    "PhotoPath" TEXT,
    CONSTRAINT "fk_Employees_ReportsTo_Employees" FOREIGN KEY ("ReportsTo") REFERENCES "Employees" ("EmployeeID")
);
CREATE TABLE "Regions" (
    "RegionID" INTEGER PRIMARY KEY,
    "RegionDescription" TEXT NOT NULL
);
CREATE TABLE "Shippers" (
    "ShipperID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CompanyName" TEXT NOT NULL,
    "Phone" TEXT
);
CREATE TABLE "Orders" (
    "OrderID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CustomerID" TEXT,
    "EmployeeID" INTEGER,
    "OrderDate" DATETIME,
    "RequiredDate" DATETIME,
    "ShippedDate" DATETIME,
    "ShipVia" INTEGER,
    "Freight" NUMERIC DEFAULT 0,
    "ShipName" TEXT,
    "ShipAddress" TEXT,
    "ShipCity" TEXT,
    "ShipRegion" TEXT,
    "ShipPostalCode" TEXT,
    "ShipCountry" TEXT,
    CONSTRAINT "fk_Orders_EmployeeID_Employees" FOREIGN KEY ("EmployeeID") REFERENCES "Employees" ("EmployeeID"),
    CONSTRAINT "fk_Orders_CustomerID_Customers" FOREIGN KEY ("CustomerID") REFERENCES "Customers" ("CustomerID"),
    CONSTRAINT "fk_Orders_ShipVia_Shippers" FOREIGN KEY ("ShipVia") REFERENCES "Shippers" ("ShipperID")
);
CREATE TABLE "Suppliers" (
    "SupplierID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CompanyName" TEXT NOT NULL,
    "ContactName" TEXT,
    "ContactTitle" TEXT,
    "Address" TEXT,
    "City" TEXT,
    "Region" TEXT,
    "PostalCode" TEXT,
    "Country" TEXT,
    "Phone" TEXT,
    "Fax" TEXT,
    "HomePage" TEXT
);
CREATE TABLE "Products" (
    "ProductID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "ProductName" TEXT NOT NULL,
    "SupplierID" INTEGER,
    "CategoryID" INTEGER,
    "QuantityPerUnit" TEXT,
    "UnitPrice" NUMERIC DEFAULT 0,
    "UnitsInStock" INTEGER DEFAULT 0,
    "UnitsOnOrder" INTEGER DEFAULT 0,
    "ReorderLevel" INTEGER DEFAULT 0,
    "Discontinued" TEXT NOT NULL DEFAULT '0',
    CONSTRAINT "ck_Products_1" CHECK ([UnitPrice]>=(0)),
    CONSTRAINT "ck_Products_2" CHECK ([ReorderLevel]>=(0)),
    CONSTRAINT "ck_Products_3" CHECK ([UnitsInStock]>=(0)),
    CONSTRAINT "ck_Products_4" CHECK ([UnitsOnOrder]>=(0)),
    CONSTRAINT "fk_Products_CategoryID_Categories" FOREIGN KEY ("CategoryID") REFERENCES "Categories" ("CategoryID"),
    CONSTRAINT "fk_Products_SupplierID_Suppliers" FOREIGN KEY ("SupplierID") REFERENCES "Suppliers" ("SupplierID")
);
CREATE TABLE "Order Details" (
    "OrderID" INTEGER NOT NULL,
    "ProductID" INTEGER NOT NULL,
    "UnitPrice" NUMERIC NOT NULL DEFAULT 0,
    "Quantity" INTEGER NOT NULL DEFAULT 1,
    "Discount" REAL NOT NULL DEFAULT 0,
    CONSTRAINT "pk_Order Details" PRIMARY KEY ("OrderID", "ProductID"),
    CONSTRAINT "ck_Order Details_1" CHECK ([Discount]>=(0) AND [Discount]<=(1)),
    CONSTRAINT "ck_Order Details_2" CHECK ([Quantity]>(0)),
    CONSTRAINT "ck_Order Details_3" CHECK ([UnitPrice]>=(0)),
    CONSTRAINT "fk_Order Details_OrderID_Orders" FOREIGN KEY ("OrderID") REFERENCES "Orders" ("OrderID"),
    CONSTRAINT "fk_Order Details_ProductID_Products" FOREIGN KEY ("ProductID") REFERENCES "Products" ("ProductID")
);
CREATE TABLE "Territories" (
    "TerritoryID" TEXT NOT NULL,
    "TerritoryDescription" TEXT NOT NULL,
    "RegionID" INTEGER NOT NULL,
    CONSTRAINT "pk_Territories" PRIMARY KEY ("TerritoryID"),
    CONSTRAINT "fk_Territories_RegionID_Regions" FOREIGN KEY ("RegionID") REFERENCES "Regions" ("RegionID")
);
CREATE TABLE "EmployeeTerritories" (
    "EmployeeID" INTEGER NOT NULL,
    "TerritoryID" TEXT NOT NULL,
    CONSTRAINT "pk_EmployeeTerritories" PRIMARY KEY ("EmployeeID", "TerritoryID"),
    CONSTRAINT "fk_EmployeeTerritories_EmployeeID_Employees" FOREIGN KEY ("EmployeeID") REFERENCES "Employees" ("EmployeeID"),
    CONSTRAINT "fk_EmployeeTerritories_TerritoryID_Territories" FOREIGN KEY ("TerritoryID") REFERENCES "Territories" ("TerritoryID")
);

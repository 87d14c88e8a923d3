-- Source: https://github.com/lorint/AdventureWorks-for-Postgres, file
-- install.sql at commit b37c060c3c3064b501cb479fe1085ed9141c2f66
-- License: MIT (see LICENSE in the source repository); the AdventureWorks
-- sample itself is Microsoft's (microsoft/sql-server-samples, MIT).
-- Changed here: only the Person schema is kept, its tables made in the
-- connection's schema (migrate manages the tables of one schema):
--  - the CREATE SCHEMA Person ... statement is split into its CREATE
--    TABLE statements, each ended by ";", and "Person." is dropped from
--    every table name (Person.Person.X becomes Person.X);
--  - kept from the rest of the file: the uuid-ossp extension and the six
--    domains (unchanged), then every COMMENT ON TABLE/COLUMN, ALTER TABLE
--    (primary and foreign keys) and CLUSTER statement of a Person table,
--    in their order, but the foreign key of StateProvince to
--    Sales.SalesTerritory (a table not kept);
--  - left out: the COMMENT ON SCHEMA Person, the tablefunc extension, the \pset and \copy lines, the
--    SELECT progress messages, the data rows and every other schema.

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";


-------------------------------------
-- Custom data types
-------------------------------------

CREATE DOMAIN "OrderNumber" varchar(25) NULL;
CREATE DOMAIN "AccountNumber" varchar(15) NULL;

CREATE DOMAIN "Flag" boolean NOT NULL;
CREATE DOMAIN "NameStyle" boolean NOT NULL;
CREATE DOMAIN "Name" varchar(50) NULL;
CREATE DOMAIN "Phone" varchar(25) NULL;


CREATE TABLE BusinessEntity(
  BusinessEntityID SERIAL, --  NOT FOR REPLICATION
  rowguid uuid NOT NULL CONSTRAINT "DF_BusinessEntity_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_BusinessEntity_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE Person(
  BusinessEntityID INT NOT NULL,
  PersonType char(2) NOT NULL,
  NameStyle "NameStyle" NOT NULL CONSTRAINT "DF_Person_NameStyle" DEFAULT (false),
  Title varchar(8) NULL,
  FirstName "Name" NOT NULL,
  MiddleName "Name" NULL,
  LastName "Name" NOT NULL,
  Suffix varchar(10) NULL,
  EmailPromotion INT NOT NULL CONSTRAINT "DF_Person_EmailPromotion" DEFAULT (0),
  AdditionalContactInfo XML NULL, -- XML("AdditionalContactInfoSchemaCollection"),
  Demographics XML NULL, -- XML("IndividualSurveySchemaCollection"),
  rowguid uuid NOT NULL CONSTRAINT "DF_Person_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_Person_ModifiedDate" DEFAULT (NOW()),
  CONSTRAINT "CK_Person_EmailPromotion" CHECK (EmailPromotion BETWEEN 0 AND 2),
  CONSTRAINT "CK_Person_PersonType" CHECK (PersonType IS NULL OR UPPER(PersonType) IN ('SC', 'VC', 'IN', 'EM', 'SP', 'GC'))
);

CREATE TABLE StateProvince(
  StateProvinceID SERIAL,
  StateProvinceCode char(3) NOT NULL,
  CountryRegionCode varchar(3) NOT NULL,
  IsOnlyStateProvinceFlag "Flag" NOT NULL CONSTRAINT "DF_StateProvince_IsOnlyStateProvinceFlag" DEFAULT (true),
  Name "Name" NOT NULL,
  TerritoryID INT NOT NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_StateProvince_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_StateProvince_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE Address(
  AddressID SERIAL, --  NOT FOR REPLICATION
  AddressLine1 varchar(60) NOT NULL,
  AddressLine2 varchar(60) NULL,
  City varchar(30) NOT NULL,
  StateProvinceID INT NOT NULL,
  PostalCode varchar(15) NOT NULL,
  SpatialLocation bytea NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_Address_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_Address_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE AddressType(
  AddressTypeID SERIAL,
  Name "Name" NOT NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_AddressType_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_AddressType_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE BusinessEntityAddress(
  BusinessEntityID INT NOT NULL,
  AddressID INT NOT NULL,
  AddressTypeID INT NOT NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_BusinessEntityAddress_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_BusinessEntityAddress_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE ContactType(
  ContactTypeID SERIAL,
  Name "Name" NOT NULL,
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_ContactType_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE BusinessEntityContact(
  BusinessEntityID INT NOT NULL,
  PersonID INT NOT NULL,
  ContactTypeID INT NOT NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_BusinessEntityContact_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_BusinessEntityContact_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE EmailAddress(
  BusinessEntityID INT NOT NULL,
  EmailAddressID SERIAL,
  EmailAddress varchar(50) NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_EmailAddress_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_EmailAddress_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE Password(
  BusinessEntityID INT NOT NULL,
  PasswordHash VARCHAR(128) NOT NULL,
  PasswordSalt VARCHAR(10) NOT NULL,
  rowguid uuid NOT NULL CONSTRAINT "DF_Password_rowguid" DEFAULT (uuid_generate_v1()), -- ROWGUIDCOL
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_Password_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE PhoneNumberType(
  PhoneNumberTypeID SERIAL,
  Name "Name" NOT NULL,
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_PhoneNumberType_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE PersonPhone(
  BusinessEntityID INT NOT NULL,
  PhoneNumber "Phone" NOT NULL,
  PhoneNumberTypeID INT NOT NULL,
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_PersonPhone_ModifiedDate" DEFAULT (NOW())
);

CREATE TABLE CountryRegion(
  CountryRegionCode varchar(3) NOT NULL,
  Name "Name" NOT NULL,
  ModifiedDate TIMESTAMP NOT NULL CONSTRAINT "DF_CountryRegion_ModifiedDate" DEFAULT (NOW())
);

COMMENT ON TABLE Address IS 'Street address information for customers, employees, and vendors.';
COMMENT ON COLUMN Address.AddressID IS 'Primary key for Address records.';
COMMENT ON COLUMN Address.AddressLine1 IS 'First street address line.';
COMMENT ON COLUMN Address.AddressLine2 IS 'Second street address line.';
COMMENT ON COLUMN Address.City IS 'Name of the city.';
COMMENT ON COLUMN Address.StateProvinceID IS 'Unique identification number for the state or province. Foreign key to StateProvince table.';
COMMENT ON COLUMN Address.PostalCode IS 'Postal code for the street address.';
COMMENT ON COLUMN Address.SpatialLocation IS 'Latitude and longitude of this address.';
COMMENT ON TABLE AddressType IS 'Types of addresses stored in the Address table.';
COMMENT ON COLUMN AddressType.AddressTypeID IS 'Primary key for AddressType records.';
COMMENT ON COLUMN AddressType.Name IS 'Address type description. For example, Billing, Home, or Shipping.';
COMMENT ON TABLE BusinessEntity IS 'Source of the ID that connects vendors, customers, and employees with address and contact information.';
COMMENT ON COLUMN BusinessEntity.BusinessEntityID IS 'Primary key for all customers, vendors, and employees.';
COMMENT ON TABLE BusinessEntityAddress IS 'Cross-reference table mapping customers, vendors, and employees to their addresses.';
COMMENT ON COLUMN BusinessEntityAddress.BusinessEntityID IS 'Primary key. Foreign key to BusinessEntity.BusinessEntityID.';
COMMENT ON COLUMN BusinessEntityAddress.AddressID IS 'Primary key. Foreign key to Address.AddressID.';
COMMENT ON COLUMN BusinessEntityAddress.AddressTypeID IS 'Primary key. Foreign key to AddressType.AddressTypeID.';
COMMENT ON TABLE BusinessEntityContact IS 'Cross-reference table mapping stores, vendors, and employees to people';
COMMENT ON COLUMN BusinessEntityContact.BusinessEntityID IS 'Primary key. Foreign key to BusinessEntity.BusinessEntityID.';
COMMENT ON COLUMN BusinessEntityContact.PersonID IS 'Primary key. Foreign key to Person.BusinessEntityID.';
COMMENT ON COLUMN BusinessEntityContact.ContactTypeID IS 'Primary key.  Foreign key to ContactType.ContactTypeID.';
COMMENT ON TABLE ContactType IS 'Lookup table containing the types of business entity contacts.';
COMMENT ON COLUMN ContactType.ContactTypeID IS 'Primary key for ContactType records.';
COMMENT ON COLUMN ContactType.Name IS 'Contact type description.';
COMMENT ON TABLE CountryRegion IS 'Lookup table containing the ISO standard codes for countries and regions.';
COMMENT ON COLUMN CountryRegion.CountryRegionCode IS 'ISO standard code for countries and regions.';
COMMENT ON COLUMN CountryRegion.Name IS 'Country or region name.';
COMMENT ON TABLE EmailAddress IS 'Where to send a person email.';
COMMENT ON COLUMN EmailAddress.BusinessEntityID IS 'Primary key. Person associated with this email address.  Foreign key to Person.BusinessEntityID';
COMMENT ON COLUMN EmailAddress.EmailAddressID IS 'Primary key. ID of this email address.';
COMMENT ON COLUMN EmailAddress.EmailAddress IS 'E-mail address for the person.';
COMMENT ON TABLE Password IS 'One way hashed authentication information';
COMMENT ON COLUMN Password.PasswordHash IS 'Password for the e-mail account.';
COMMENT ON COLUMN Password.PasswordSalt IS 'Random value concatenated with the password string before the password is hashed.';
COMMENT ON TABLE Person IS 'Human beings involved with AdventureWorks: employees, customer contacts, and vendor contacts.';
COMMENT ON COLUMN Person.BusinessEntityID IS 'Primary key for Person records.';
COMMENT ON COLUMN Person.PersonType IS 'Primary type of person: SC = Store Contact, IN = Individual (retail) customer, SP = Sales person, EM = Employee (non-sales), VC = Vendor contact, GC = General contact';
COMMENT ON COLUMN Person.NameStyle IS '0 = The data in FirstName and LastName are stored in western style (first name, last name) order.  1 = Eastern style (last name, first name) order.';
COMMENT ON COLUMN Person.Title IS 'A courtesy title. For example, Mr. or Ms.';
COMMENT ON COLUMN Person.FirstName IS 'First name of the person.';
COMMENT ON COLUMN Person.MiddleName IS 'Middle name or middle initial of the person.';
COMMENT ON COLUMN Person.LastName IS 'Last name of the person.';
COMMENT ON COLUMN Person.Suffix IS 'Surname suffix. For example, Sr. or Jr.';
COMMENT ON COLUMN Person.EmailPromotion IS '0 = Contact does not wish to receive e-mail promotions, 1 = Contact does wish to receive e-mail promotions from AdventureWorks, 2 = Contact does wish to receive e-mail promotions from AdventureWorks and selected partners.';
COMMENT ON COLUMN Person.Demographics IS 'Personal information such as hobbies, and income collected from online shoppers. Used for sales analysis.';
COMMENT ON COLUMN Person.AdditionalContactInfo IS 'Additional contact information about the person stored in xml format.';
COMMENT ON TABLE PersonPhone IS 'Telephone number and type of a person.';
COMMENT ON COLUMN PersonPhone.BusinessEntityID IS 'Business entity identification number. Foreign key to Person.BusinessEntityID.';
COMMENT ON COLUMN PersonPhone.PhoneNumber IS 'Telephone number identification number.';
COMMENT ON COLUMN PersonPhone.PhoneNumberTypeID IS 'Kind of phone number. Foreign key to PhoneNumberType.PhoneNumberTypeID.';
COMMENT ON TABLE PhoneNumberType IS 'Type of phone number of a person.';
COMMENT ON COLUMN PhoneNumberType.PhoneNumberTypeID IS 'Primary key for telephone number type records.';
COMMENT ON COLUMN PhoneNumberType.Name IS 'Name of the telephone number type';
COMMENT ON TABLE StateProvince IS 'State and province lookup table.';
COMMENT ON COLUMN StateProvince.StateProvinceID IS 'Primary key for StateProvince records.';
COMMENT ON COLUMN StateProvince.StateProvinceCode IS 'ISO standard state or province code.';
COMMENT ON COLUMN StateProvince.CountryRegionCode IS 'ISO standard country or region code. Foreign key to CountryRegion.CountryRegionCode.';
COMMENT ON COLUMN StateProvince.IsOnlyStateProvinceFlag IS '0 = StateProvinceCode exists. 1 = StateProvinceCode unavailable, using CountryRegionCode.';
COMMENT ON COLUMN StateProvince.Name IS 'State or province description.';
COMMENT ON COLUMN StateProvince.TerritoryID IS 'ID of the territory in which the state or province is located. Foreign key to SalesTerritory.SalesTerritoryID.';
ALTER TABLE Address ADD
    CONSTRAINT "PK_Address_AddressID" PRIMARY KEY
    (AddressID);
CLUSTER Address USING "PK_Address_AddressID";
ALTER TABLE AddressType ADD
    CONSTRAINT "PK_AddressType_AddressTypeID" PRIMARY KEY
    (AddressTypeID);
CLUSTER AddressType USING "PK_AddressType_AddressTypeID";
ALTER TABLE BusinessEntity ADD
    CONSTRAINT "PK_BusinessEntity_BusinessEntityID" PRIMARY KEY
    (BusinessEntityID);
CLUSTER BusinessEntity USING "PK_BusinessEntity_BusinessEntityID";
ALTER TABLE BusinessEntityAddress ADD
    CONSTRAINT "PK_BusinessEntityAddress_BusinessEntityID_AddressID_AddressType" PRIMARY KEY
    (BusinessEntityID, AddressID, AddressTypeID);
CLUSTER BusinessEntityAddress USING "PK_BusinessEntityAddress_BusinessEntityID_AddressID_AddressType";
ALTER TABLE BusinessEntityContact ADD
    CONSTRAINT "PK_BusinessEntityContact_BusinessEntityID_PersonID_ContactTypeI" PRIMARY KEY
    (BusinessEntityID, PersonID, ContactTypeID);
CLUSTER BusinessEntityContact USING "PK_BusinessEntityContact_BusinessEntityID_PersonID_ContactTypeI";
ALTER TABLE ContactType ADD
    CONSTRAINT "PK_ContactType_ContactTypeID" PRIMARY KEY
    (ContactTypeID);
CLUSTER ContactType USING "PK_ContactType_ContactTypeID";
ALTER TABLE CountryRegion ADD
    CONSTRAINT "PK_CountryRegion_CountryRegionCode" PRIMARY KEY
    (CountryRegionCode);
CLUSTER CountryRegion USING "PK_CountryRegion_CountryRegionCode";
ALTER TABLE EmailAddress ADD
    CONSTRAINT "PK_EmailAddress_BusinessEntityID_EmailAddressID" PRIMARY KEY
    (BusinessEntityID, EmailAddressID);
CLUSTER EmailAddress USING "PK_EmailAddress_BusinessEntityID_EmailAddressID";
ALTER TABLE Password ADD
    CONSTRAINT "PK_Password_BusinessEntityID" PRIMARY KEY
    (BusinessEntityID);
CLUSTER Password USING "PK_Password_BusinessEntityID";
ALTER TABLE Person ADD
    CONSTRAINT "PK_Person_BusinessEntityID" PRIMARY KEY
    (BusinessEntityID);
CLUSTER Person USING "PK_Person_BusinessEntityID";
ALTER TABLE PersonPhone ADD
    CONSTRAINT "PK_PersonPhone_BusinessEntityID_PhoneNumber_PhoneNumberTypeID" PRIMARY KEY
    (BusinessEntityID, PhoneNumber, PhoneNumberTypeID);
CLUSTER PersonPhone USING "PK_PersonPhone_BusinessEntityID_PhoneNumber_PhoneNumberTypeID";
ALTER TABLE PhoneNumberType ADD
    CONSTRAINT "PK_PhoneNumberType_PhoneNumberTypeID" PRIMARY KEY
    (PhoneNumberTypeID);
CLUSTER PhoneNumberType USING "PK_PhoneNumberType_PhoneNumberTypeID";
ALTER TABLE StateProvince ADD
    CONSTRAINT "PK_StateProvince_StateProvinceID" PRIMARY KEY
    (StateProvinceID);
CLUSTER StateProvince USING "PK_StateProvince_StateProvinceID";
ALTER TABLE Address ADD
    CONSTRAINT "FK_Address_StateProvince_StateProvinceID" FOREIGN KEY
    (StateProvinceID) REFERENCES StateProvince(StateProvinceID);
ALTER TABLE BusinessEntityAddress ADD
    CONSTRAINT "FK_BusinessEntityAddress_Address_AddressID" FOREIGN KEY
    (AddressID) REFERENCES Address(AddressID);
ALTER TABLE BusinessEntityAddress ADD
    CONSTRAINT "FK_BusinessEntityAddress_AddressType_AddressTypeID" FOREIGN KEY
    (AddressTypeID) REFERENCES AddressType(AddressTypeID);
ALTER TABLE BusinessEntityAddress ADD
    CONSTRAINT "FK_BusinessEntityAddress_BusinessEntity_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES BusinessEntity(BusinessEntityID);
ALTER TABLE BusinessEntityContact ADD
    CONSTRAINT "FK_BusinessEntityContact_Person_PersonID" FOREIGN KEY
    (PersonID) REFERENCES Person(BusinessEntityID);
ALTER TABLE BusinessEntityContact ADD
    CONSTRAINT "FK_BusinessEntityContact_ContactType_ContactTypeID" FOREIGN KEY
    (ContactTypeID) REFERENCES ContactType(ContactTypeID);
ALTER TABLE BusinessEntityContact ADD
    CONSTRAINT "FK_BusinessEntityContact_BusinessEntity_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES BusinessEntity(BusinessEntityID);
ALTER TABLE EmailAddress ADD
    CONSTRAINT "FK_EmailAddress_Person_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES Person(BusinessEntityID);
ALTER TABLE Password ADD
    CONSTRAINT "FK_Password_Person_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES Person(BusinessEntityID);
ALTER TABLE Person ADD
    CONSTRAINT "FK_Person_BusinessEntity_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES BusinessEntity(BusinessEntityID);
ALTER TABLE PersonPhone ADD
    CONSTRAINT "FK_PersonPhone_Person_BusinessEntityID" FOREIGN KEY
    (BusinessEntityID) REFERENCES Person(BusinessEntityID);
ALTER TABLE PersonPhone ADD
    CONSTRAINT "FK_PersonPhone_PhoneNumberType_PhoneNumberTypeID" FOREIGN KEY
    (PhoneNumberTypeID) REFERENCES PhoneNumberType(PhoneNumberTypeID);
ALTER TABLE StateProvince ADD
    CONSTRAINT "FK_StateProvince_CountryRegion_CountryRegionCode" FOREIGN KEY
    (CountryRegionCode) REFERENCES CountryRegion(CountryRegionCode);
